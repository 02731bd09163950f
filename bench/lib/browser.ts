import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function signInAsGuest(
  page: Page,
  baseUrl: string,
): Promise<void> {
  // Set-up, not measured: on a starved machine the first load and the
  // navigation after "Enter" took over Playwright's 30 s default (seen
  // 2026-11-30 at load average ~30), which ended the run before any figure.
  const timeout = 120_000;
  await page.goto(baseUrl, { timeout });
  await page.getByRole('button', { name: 'Enter' }).click({ timeout });
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .waitFor({ timeout });
}

/**
 * Time to interactive of a full page load: from navigation start until
 * `ready` resolves (the content a user came for is on screen) and the main
 * thread is idle (requestIdleCallback fires), in milliseconds.
 */
export async function timeToInteractive(
  page: Page,
  url: string,
  ready: (page: Page) => Promise<void>,
) {
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  await page.evaluate(
    () =>
      new Promise<void>(resolve =>
        (window as any).requestIdleCallback(() => resolve(), { timeout: 5000 }),
      ),
  );
  return Date.now() - started;
}
