/*
 * Frontend benchmark (issues 7 and 13): on a production build of the app
 * served by the portal's own backend, against the sandbox with 1,000
 * services, measured in headless Chromium, ours beside the stock pages in
 * the same run:
 *   - entity overview interactive: the "Operational status" card answered
 *     (ours), and the same overview with the four detail cards answered,
 *   - the stock Kubernetes tab (EntityKubernetesContent) of the same entity
 *     interactive with its three clusters: the stock page for the same question,
 *   - the fleet page listing 1,000 entities interactive (ours) beside the
 *     stock catalog table listing the same 1,000+ components,
 *   - the app's JavaScript gzipped, total and initial (what index.html
 *     loads before the first route renders), and the plugin's own code.
 *
 * Run: yarn bench:frontend   (BENCH_SKIP_BUILD=1 reuses packages/app/dist)
 * Prints the figures and writes bench/results/frontend-<time>.json and
 * bench/results/frontend-latest.json.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo, createServer } from 'node:net';
import { Page } from 'playwright-core';
import { startSandbox } from '@internal/eks-platform-sandbox';
import { sandboxClusters } from './lib/kubernetesConfig';
import { BackendProcess } from '@internal/integration-tests/src/harness/backendProcess';
import { REPO_ROOT } from '@internal/integration-tests/src/harness/platformConfig';
import { gzipSizeOfJs, gzipSizeOfInitialJs } from './lib/bundleSize';
import {
  launchChromium,
  signInAsGuest,
  timeToInteractive,
} from './lib/browser';
import { summary } from './lib/stats';
import { tracesConfig } from './lib/tracesConfig';
import { writeSyntheticCatalog } from './lib/syntheticCatalog';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const log = (message: string) => process.stdout.write(`${message}\n`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The operational status card shows its six verdicts (no skeleton left). */
async function operationalStatusReady(page: Page) {
  const card = page.getByRole('region', { name: 'Operational status' });
  await card
    .locator('[data-verdict="zone-spread"]')
    .waitFor({ timeout: 60_000 });
}

async function entityPageReady(page: Page) {
  await operationalStatusReady(page);
  for (const card of ['Autoscaling', 'Disruption budget', 'Alerts', 'Traces']) {
    // A card is ready when its region shows data, not a skeleton.
    await page
      .getByRole('region', { name: card })
      .getByText(/Updated|updated/)
      .first()
      .waitFor({ timeout: 60_000 });
  }
}

/** The same page without waiting for our cards: the stock About card. */
async function entityPageBaselineReady(page: Page) {
  await page
    .getByText('Order placement and order lifecycle')
    .first()
    .waitFor({ timeout: 60_000 });
}

/** Backstage's stock Kubernetes tab: each of the three clusters counts the pods. */
async function stockKubernetesTabReady(page: Page) {
  await page
    .getByText(/^\d+ pods$/)
    .nth(2)
    .waitFor({ timeout: 60_000 });
}

/** Backstage's stock catalog table listing every component (paginated). */
async function stockCatalogTableReady(page: Page) {
  await page
    .getByText(/components \(1,?\d{3}\)/i)
    .first()
    .waitFor({ timeout: 60_000 });
  await page.getByRole('row').nth(2).waitFor({ timeout: 60_000 });
}

async function fleetPageReady(page: Page) {
  await page
    .getByTestId('fleet-range')
    .getByText(
      new RegExp(`of ${ENTITIES.toLocaleString('en-US')}|of ${ENTITIES}`),
    )
    .waitFor({ timeout: 60_000 });
}

/** The catalog ingests the generated entities over a minute or so. */
async function waitForFleet(page: Page, url: string) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    await page.goto(url);
    try {
      await fleetPageReady(page);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

async function measure(
  page: Page,
  url: string,
  ready: (page: Page) => Promise<void>,
) {
  await timeToInteractive(page, url, ready); // warm-up: first compile of caches
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++)
    samples.push(await timeToInteractive(page, url, ready));
  return summary(samples);
}

/**
 * A stock page's figure: a selector that no longer matches after a
 * Backstage upgrade records the reason instead of losing the whole run.
 */
async function measureStock(
  page: Page,
  url: string,
  ready: (page: Page) => Promise<void>,
) {
  try {
    return await measure(page, url, ready);
  } catch (error) {
    log(`Stock page ${url} not measured: ${error}`);
    return { notMeasured: String(error).split('\n')[0] };
  }
}

async function main() {
  const commit = execSync('git rev-parse --short HEAD', { cwd: REPO_ROOT })
    .toString()
    .trim();
  if (!process.env.BENCH_SKIP_BUILD) {
    log('Building the app (production) and the plugin…');
    // The build adds hashed chunks beside those of earlier builds: without
    // a clean folder the byte counts would include stale chunks.
    fs.rmSync(path.join(REPO_ROOT, 'packages/app/dist'), {
      recursive: true,
      force: true,
    });
    execSync('yarn workspace app build', { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  execSync('yarn workspace @internal/backstage-plugin-eks-platform build', {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  const bundle = {
    app: gzipSizeOfJs(path.join(REPO_ROOT, 'packages/app/dist/static')),
    appInitial: gzipSizeOfInitialJs(path.join(REPO_ROOT, 'packages/app/dist')),
    plugin: gzipSizeOfJs(path.join(REPO_ROOT, 'plugins/eks-platform/dist')),
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-bench-frontend-'));
  const sandbox = await startSandbox({
    ports: 'random',
    // Prometheus (when installed) holds the span metrics of the real trace
    // pipeline: the traces source polls it as production does.
    control: false,
    fleet: { extraServices: ENTITIES - 24 },
  });
  const synthetic = sandbox.fleet.services
    .map(s => s.name)
    .filter(name => /^svc-\d+$/.test(name));
  const catalogFile = writeSyntheticCatalog(dir, synthetic);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const clusters = sandboxClusters(sandbox);
  const overrides = BackendProcess.writeConfig(
    dir,
    {
      // The backend serves the production build of packages/app.
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { host: '127.0.0.1', port },
        cors: { origin: baseUrl },
      },
      catalog: {
        locations: [
          {
            type: 'file',
            target: path.join(REPO_ROOT, 'catalog/demo/location.yaml'),
            // The demo organisation: only this location may bring users and
            // groups (catalog.rules in app-config.yaml).
            rules: [{ allow: ['User', 'Group'] }],
          },
          { type: 'file', target: catalogFile },
        ],
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [{ type: 'config', clusters }],
      },
      eksPlatform: {
        argocd: {
          instances: [
            {
              name: 'main',
              url: sandbox.urls.argocd,
              token: sandbox.tokens.argocd,
            },
          ],
        },
        alertmanager: { instances: [] },
        ...tracesConfig(sandbox.urls),
      },
    },
    'bench.yaml',
  );
  const backend = new BackendProcess(
    [path.join(REPO_ROOT, 'app-config.yaml'), overrides],
    baseUrl,
  );
  const browser = await launchChromium();
  try {
    log(`Starting the portal with ${ENTITIES} services…`);
    await backend.start(240_000);
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await signInAsGuest(page, baseUrl);
    log('Waiting for the catalog to ingest the fleet…');
    await waitForFleet(page, `${baseUrl}/eks-platform/fleet`);

    log('Measuring…');
    const overview = await measure(
      page,
      `${baseUrl}/catalog/default/component/order-service`,
      operationalStatusReady,
    );
    const entityPage = await measure(
      page,
      `${baseUrl}/catalog/default/component/order-service`,
      entityPageReady,
    );
    const entityBaseline = await measure(
      page,
      `${baseUrl}/catalog/default/component/order-service`,
      entityPageBaselineReady,
    );
    const stockKubernetesTab = await measureStock(
      page,
      `${baseUrl}/catalog/default/component/order-service/kubernetes`,
      stockKubernetesTabReady,
    );
    const fleetPage = await measure(
      page,
      `${baseUrl}/eks-platform/fleet`,
      fleetPageReady,
    );
    const stockCatalogTable = await measureStock(
      page,
      `${baseUrl}/?filters%5Bkind%5D=component&filters%5Buser%5D=all`,
      stockCatalogTableReady,
    );
    const results = {
      benchmark: 'frontend',
      commit,
      measuredAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      setup: {
        entities: ENTITIES,
        runs: RUNS,
        build: 'production (backstage-cli package build)',
        browser: 'Debian Chromium, headless',
      },
      timeToInteractiveMs: {
        // Ours: the overview's first card, one verdict per source, answered.
        entityOverviewOperationalStatus: overview,
        entityOverviewWithFourCards: entityPage,
        // Same page, ready when the stock About card shows: the app's own baseline.
        entityOverviewStockBaseline: entityBaseline,
        // Stock: Backstage's Kubernetes tab of the same entity, three clusters.
        stockKubernetesTab,
        fleetPage1000: fleetPage,
        // Stock: the catalog table listing the same components.
        stockCatalogTable1000: stockCatalogTable,
      },
      bundle,
      goals: {
        entityOverviewP50Under1500ms: overview.p50 < 1500,
        fleetPageP50Under1200ms: fleetPage.p50 < 1200,
        appJsUnder2500KiBGzip: bundle.app.gzipKiB < 2500,
        pluginUnder150KiBGzip: bundle.plugin.gzipKiB < 150,
      },
    };
    const out = path.join(REPO_ROOT, 'bench/results');
    fs.mkdirSync(out, { recursive: true });
    const text = `${JSON.stringify(results, null, 2)}\n`;
    fs.writeFileSync(
      path.join(
        out,
        `frontend-${results.measuredAt.replace(/[:.]/g, '-')}.json`,
      ),
      text,
    );
    fs.writeFileSync(path.join(out, 'frontend-latest.json'), text);
    log(text);
  } finally {
    await browser.close();
    await backend.stop();
    await sandbox.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
