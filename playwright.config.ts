import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

/**
 * End-to-end tests drive Debian's Chromium (Playwright cannot download its
 * own browsers here) against the portal started with its embedded defaults
 * and the sandbox. See e2e-tests folders in packages/ and plugins/.
 */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Without these, Chromium keeps trying to reach Google's hosts, which the
  // closed network refuses.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },

  globalSetup: require.resolve('./packages/app/e2e-tests/global-setup'),

  // Sandbox + backend (:7007) + frontend dev server (:3000). A running portal
  // is reused outside CI.
  webServer: {
    command: 'yarn start:all',
    url: 'http://localhost:3000',
    reuseExistingServer: !process.env.CI,
    timeout: 400_000,
    // Only stderr reaches the test log: the portal's info logs would flood CI output.
    stdout: 'ignore',
    stderr: 'pipe',
  },

  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // One browser at a time: the machine has two cores and the portal runs beside.
  workers: 1,

  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],

  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    actionTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },

  outputDir: 'test-results/e2e-artifacts',

  projects: generateProjects().map(project => ({
    ...project,
    // generateProjects asks for the Chrome channel; we bring our own binary.
    use: {},
  })),
});
