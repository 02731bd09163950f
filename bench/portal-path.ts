/*
 * The real portal path (issue 13): the portal's own backend
 * (packages/backend: real catalog with 1,000 services loaded from a catalog
 * location, permission backend with our policy, a guest user's token as the
 * app gets it, our status plugin and the stock kubernetes backend) in a
 * child process, SQLite in memory and PostgreSQL, against the sandbox's 3
 * real kube-apiservers with 0 ms and 50 ms injected per Kubernetes request.
 *
 * Run: yarn bench:portal
 *   BENCH_ENTITIES=200 BENCH_DATABASES=sqlite BENCH_LATENCIES=0 yarn bench:portal   a quick, smaller run
 * Prints the figures and writes bench/results/portal-path-<time>.json and
 * portal-path-latest.json (docs/benchmarks.md explains each figure).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import yaml from 'yaml';
import {
  buildFleet,
  defaultCatalogDir,
  FleetService,
  RealServer,
  Sandbox,
  startPostgres,
  startSandbox,
} from '@internal/eks-platform-sandbox';
import { measureCacheHeap } from './lib/cacheHeap';
import { sandboxClusters } from './lib/kubernetesConfig';
import { runConcurrent, timedRequest, TimedResult } from './lib/load';
import { fleetQuery } from './lib/fleetQuery';
import {
  guestToken,
  PortalBackend,
  startPortalBackend,
  stopAllPortalBackends,
} from './lib/portalBackendProcess';
import { writePortalCatalog } from './lib/portalCatalog';
import { rssMb } from './lib/processMemory';
import { createScaleObjects } from './lib/scaleObjects';
import { portalPathTable } from './lib/portalPathTable';
import { measuredCommit, readLatest, writeReport } from './lib/results';
import { summary } from './lib/stats';
import { tracesConfig } from './lib/tracesConfig';
import { platformConfig } from '@internal/integration-tests/src/harness/platformConfig';

const env = process.env;
const ENTITIES = Number(env.BENCH_ENTITIES ?? 1000);
const DATABASES = (env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
const LATENCIES = (env.BENCH_LATENCIES ?? '0,50').split(',').map(Number);
/** Length of each request-counting window (scaled to a minute). */
const WINDOW_SECONDS = Number(env.BENCH_WINDOW_SECONDS ?? 30);
/** The fixed page-view load of the counting windows, on distinct services. */
const VIEWS_PER_MINUTE = Number(env.BENCH_VIEWS_PER_MINUTE ?? 120);
/** The scale run after the portal figures: services and objects created in the API servers (0: skipped). */
const SCALE_SERVICES = Number(env.BENCH_SCALE_SERVICES ?? 5000);
const SCALE_OBJECTS = Number(env.BENCH_SCALE_OBJECTS ?? 100_000);
const SCALE_BUDGET_SECONDS = Number(env.BENCH_SCALE_BUDGET_SECONDS ?? 600);
const KUBE_DEADLINE_MS = 2000;
const PROBE = 'order-service';
const RESULTS_DIR = path.join(__dirname, 'results');
const NAME = 'portal-path';
const log = (message: string) => process.stdout.write(`${message}\n`);

/** Requests per viewer count: ours, then the stock backend's (each costs ~40 Kubernetes requests). */
const STOCK_SCALE = Number(env.BENCH_STOCK_REQUESTS_SCALE ?? 1);
const LOADS: Array<[viewers: number, ours: number, stock: number]> = [
  [1, 200, Math.max(1, Math.round(10 * STOCK_SCALE))],
  [10, 500, Math.max(10, Math.round(20 * STOCK_SCALE))],
];

/**
 * The bench reads as one user to measure latency, not the per-user rate
 * limit (eksPlatform.status.rateLimit): lift it.
 */
const UNLIMITED_RATE = { entitiesPerSecond: 1_000_000, burst: 1_000_000 };

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const round = (n: number) => Math.round(n * 10) / 10;

/** The portal's config overlay for the bench: database, catalog, sandbox URLs. */
function portalConfig(
  sandbox: Sandbox,
  fleetFile: string,
  database: Record<string, unknown>,
) {
  const appConfig = yaml.parse(
    fs.readFileSync(path.join(__dirname, '../app-config.yaml'), 'utf8'),
  );
  // GitHub (registration pull requests, CI runs) and ECR (image scans) of
  // this sandbox, as the integration tests configure them: the defaults in
  // app-config.yaml point at the fixed ports of `yarn start`, which a bench
  // on random ports must not reach.
  const platform = platformConfig(sandbox);
  return {
    backend: { database },
    // Production's search cadence (app-config.production.yaml keeps the
    // stock 10 minutes). app-config.yaml collates every minute for the
    // sandbox's newcomer; on SQLite that re-indexes 1,000 entities into Lunr
    // in memory every minute, a 5 s event-loop stall on this machine that
    // resets idle keep-alive connections (measured 2026-11-30).
    search: {
      collators: Object.fromEntries(
        ['catalog', 'techdocs'].map(type => [
          type,
          {
            schedule: {
              initialDelay: { seconds: 20 },
              frequency: { minutes: 10 },
              timeout: { minutes: 15 },
            },
          },
        ]),
      ),
    },
    integrations: platform.integrations,
    aws: platform.aws,
    catalog: {
      locations: [
        // The portal's own locations (demo organisation and services,
        // template), then the synthetic fleet with its teams.
        ...appConfig.catalog.locations,
        {
          type: 'file',
          target: fleetFile,
          rules: [{ allow: ['Component', 'User', 'Group'] }],
        },
      ],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        { type: 'config', clusters: sandboxClusters(sandbox) },
      ],
    },
    eksPlatform: {
      ecr: platform.eksPlatform.ecr,
      gitops: platform.eksPlatform.gitops,
      argocd: {
        instances: [
          {
            name: 'main',
            url: sandbox.urls.argocd,
            token: 'sandbox-argocd-token',
          },
        ],
      },
      ...(sandbox.urls.alertmanager
        ? {
            alertmanager: {
              instances: [{ name: 'main', url: sandbox.urls.alertmanager }],
            },
          }
        : {}),
      ...tracesConfig(sandbox.urls),
      status: {
        deadlineMs: { kubernetes: KUBE_DEADLINE_MS },
        rateLimit: UNLIMITED_RATE,
      },
    },
  };
}

/** Requests through each cluster's fault proxy so far. */
function kubeRequestCounts(sandbox: Sandbox): Record<string, number> {
  return Object.fromEntries(
    Object.values(sandbox.clusters).map(c => [
      c.name,
      Array.from(c.requestCounts.values()).reduce((a, b) => a + b, 0),
    ]),
  );
}

/** The portal as one signed-in user sees it. */
class PortalClient {
  private readonly entities = new Map<string, unknown>();
  constructor(readonly base: string, private readonly token: string) {}

  get headers() {
    return { Authorization: `Bearer ${this.token}` };
  }

  /** Our status API for one entity, as the entity page asks for it. */
  status(name: string, view: 'full' | 'summary', timeoutMs = 30_000) {
    return timedRequest(
      `${this.base}/eks-platform/v1/status/component/default/${name}?view=${view}`,
      { headers: this.headers },
      timeoutMs,
    );
  }

  /**
   * Our scorecard for one entity, as the readiness card asks for it (with
   * its history and image scans): computed from the same caches.
   */
  scorecard(name: string, timeoutMs = 30_000) {
    return timedRequest(
      `${this.base}/eks-platform/v1/scorecard/component/default/${name}`,
      { headers: this.headers },
      timeoutMs,
    );
  }

  /**
   * Bytes of one status answer. A size does not depend on one request's
   * luck: a reset connection or a 5xx is asked again (up to 3 times)
   * before the variant gives up; latency figures count every failure.
   */
  async statusBytes(name: string, view: 'full' | 'summary') {
    let last = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const res = await fetch(
          `${this.base}/eks-platform/v1/status/component/default/${name}?view=${view}`,
          { headers: this.headers, signal: AbortSignal.timeout(30_000) },
        );
        if (res.ok) return Buffer.byteLength(await res.text());
        last = `answered ${res.status}`;
      } catch (error) {
        last = `failed: ${(error as Error).message}`;
      }
      await sleep(1000);
    }
    throw new Error(`status of ${name} ${last} 3 times`);
  }

  async entity(name: string) {
    if (!this.entities.has(name)) {
      const res = await fetch(
        `${this.base}/catalog/entities/by-name/component/default/${name}`,
        { headers: this.headers },
      );
      if (!res.ok) throw new Error(`catalog: ${name} answered ${res.status}`);
      this.entities.set(name, await res.json());
    }
    return this.entities.get(name);
  }

  /** The stock Kubernetes tab's request for the same entity. */
  async stock(name: string, timeoutMs = 30_000) {
    const entity = await this.entity(name);
    return timedRequest(
      `${this.base}/kubernetes/services/${name}`,
      {
        method: 'POST',
        headers: { ...this.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ entity }),
      },
      timeoutMs,
    );
  }

  /** Components the catalog serves; 0 while the loaded backend does not answer. */
  async componentCount(): Promise<number> {
    try {
      const res = await fetch(
        `${this.base}/catalog/entities/by-query?limit=1&filter=kind=component`,
        { headers: this.headers, signal: AbortSignal.timeout(30_000) },
      );
      return res.ok ? (await res.json()).totalItems ?? 0 : 0;
    } catch {
      return 0;
    }
  }
}

/** Waits until the catalog serves every service of the fleet. */
async function waitForCatalog(client: PortalClient, services: string[]) {
  const started = performance.now();
  for (;;) {
    const count = await client.componentCount();
    if (count >= services.length) {
      // Components are counted before their relations are stitched: the
      // last service must answer through the catalog too.
      const last = await fetch(
        `${client.base}/catalog/entities/by-name/component/default/${
          services[services.length - 1]
        }`,
        { headers: client.headers, signal: AbortSignal.timeout(30_000) },
      ).catch(() => undefined);
      if (last?.ok) return performance.now() - started;
    }
    if (performance.now() - started > 900_000)
      throw new Error(
        `catalog has ${count} of ${services.length} components after 900 s`,
      );
    await sleep(2000);
  }
}

/** Until the probe's status shows every cluster synced with its pods (first LISTs done). */
async function waitForWarmCaches(sandbox: Sandbox, client: PortalClient) {
  const started = performance.now();
  const clusters = Object.keys(sandbox.clusters);
  for (;;) {
    const r = await client.status(PROBE, 'full', 60_000);
    const shown = (r.body?.sources?.kubernetes?.data?.clusters ?? []).filter(
      (c: any) => c.state === 'ok' && c.pods?.length > 0,
    ).length;
    if (r.status === 200 && shown === clusters.length)
      return performance.now() - started;
    if (performance.now() - started > 600_000)
      throw new Error(
        `status of ${PROBE} answered ${r.status} with pods in ${shown} of ${clusters.length} clusters after 600 s`,
      );
    await sleep(1000);
  }
}

function latencyFigures(results: TimedResult[]) {
  const st = (name: string) =>
    results
      .map(r => r.serverTiming?.[name])
      .filter((n): n is number => n !== undefined);
  return {
    endToEndMs: summary(results.map(r => r.ms)),
    serverTimingMs: {
      catalog: summary(st('catalog')),
      status: summary(st('status')),
    },
    errors: results.filter(r => r.status !== 200).length,
  };
}

/**
 * Page views at a fixed rate on distinct services (open loop: a slow
 * answer does not slow the load), counting the requests each Kubernetes API
 * server saw during the window; scaled to a minute.
 */
async function countingWindow(
  sandbox: Sandbox,
  services: string[],
  view: ((name: string) => Promise<TimedResult>) | undefined,
) {
  const before = kubeRequestCounts(sandbox);
  const started = performance.now();
  const pending: Promise<TimedResult>[] = [];
  const views = Math.round((VIEWS_PER_MINUTE * WINDOW_SECONDS) / 60);
  const gapMs = (WINDOW_SECONDS * 1000) / Math.max(1, views);
  if (view) {
    for (let i = 0; i < views; i++) {
      const viewStarted = performance.now();
      // A view that fails before its request (the stock view reads the
      // entity from the catalog first) is a failed view, not a crashed run.
      pending.push(
        view(services[i % services.length]).catch(() => ({
          ms: performance.now() - viewStarted,
          status: 0,
          timedOut: false,
        })),
      );
      await sleep(gapMs);
    }
  }
  await sleep(
    Math.max(0, WINDOW_SECONDS * 1000 - (performance.now() - started)),
  );
  const after = kubeRequestCounts(sandbox);
  const answered = await Promise.all(pending);
  const perMinute = Object.fromEntries(
    Object.keys(after).map(c => [
      c,
      round(((after[c] - before[c]) * 60) / WINDOW_SECONDS),
    ]),
  );
  return {
    pageViews: view ? views : 0,
    perMinute,
    failedViews: answered.filter(r => r.status !== 200).length,
  };
}

/** Every figure of one backend at one injected latency. */
async function measure(
  sandbox: Sandbox,
  client: PortalClient,
  services: string[],
  latencyMs: number,
  /** Filled as each figure is measured: a later failure keeps the earlier ones. */
  out: Record<string, unknown> = {},
) {
  for (const cluster of Object.values(sandbox.clusters))
    cluster.setLatency(latencyMs);

  // Warm: caches synced (the probe's pods shown in every cluster), polled
  // sources fetched once, catalog entities read.
  out.warmupMs = Math.round(await waitForWarmCaches(sandbox, client));
  await client.stock(PROBE, 60_000);

  // Bytes per entity, and whether the server has a summary view: it does
  // when ?view=summary answers with less than the full answer.
  const sample = services.filter(
    (_, i) => i % Math.ceil(services.length / 20) === 0,
  );
  const full: number[] = [];
  const short: number[] = [];
  for (const name of sample) {
    full.push(await client.statusBytes(name, 'full'));
    short.push(await client.statusBytes(name, 'summary'));
  }
  const summarySupported = summary(short).p50 < summary(full).p50;
  const view = summarySupported ? 'summary' : 'full';
  out.answerBytes = {
    entities: sample.length,
    full: summary(full),
    summary: summary(short),
    summarySupported,
    overviewView: view,
    goalBytes: 8 * 1024,
  };
  log(
    `  bytes per entity: full p50 ${summary(full).p50}, summary p50 ${
      summary(short).p50
    } (summary view ${summarySupported ? 'supported' : 'not supported'})`,
  );

  // One entity's status at 1 and 10 concurrent viewers.
  for (const [viewers, oursTotal, stockTotal] of LOADS) {
    const o = await runConcurrent(viewers, oursTotal, () =>
      client.status(PROBE, view),
    );
    // The readiness card's request beside the status, same entity and
    // viewers, in this run: the per-view cost of the scorecard.
    const sc = await runConcurrent(viewers, oursTotal, () =>
      client.scorecard(PROBE),
    );
    const s = await runConcurrent(viewers, stockTotal, () =>
      client.stock(PROBE, 30_000),
    );
    const figures = {
      ours: latencyFigures(o),
      scorecard: latencyFigures(sc),
      stock: {
        ...latencyFigures(s),
        timedOutAt30s: s.filter(r => r.timedOut).length,
      },
      goalP95Ms: viewers === 1 ? 10 : 25,
    };
    out[`oneEntity${viewers}Viewers`] = figures;
    log(
      `  one entity, ${viewers} viewer(s): ours ${JSON.stringify(
        figures.ours.endToEndMs,
      )} (server catalog p50 ${
        figures.ours.serverTimingMs.catalog.p50
      }, status p50 ${
        figures.ours.serverTimingMs.status.p50
      }) | scorecard ${JSON.stringify(
        figures.scorecard.endToEndMs,
      )} | stock ${JSON.stringify(figures.stock.endToEndMs)}`,
    );
  }

  // The fleet query over every service, as the fleet page sends it.
  {
    const runs = [];
    for (let i = 0; i < 5; i++)
      runs.push(
        await fleetQuery(client.base, client.headers, services, 60_000),
      );
    out.fleetQuery = {
      entities: services.length,
      batches: runs[0].batches,
      answered: runs[0].items,
      endToEndMs: summary(runs.map(r => r.ms)),
      serverSideMs: summary(runs.map(r => r.serverMs)),
      goalP50Ms: 150,
    };
    log(
      `  fleet query (${services.length}): ${JSON.stringify(
        summary(runs.map(r => r.ms)),
      )} ms`,
    );
  }

  // Steady-state requests per minute to each API server: no views (the
  // background: our watches, Argo CD's own requests), then the same fixed
  // page-view load on ours and on the stock backend.
  {
    const idle = await countingWindow(sandbox, services, undefined);
    const ours = await countingWindow(sandbox, services, n =>
      client.status(n, view),
    );
    const stock = await countingWindow(sandbox, services, n =>
      client.stock(n, 30_000),
    );
    out.kubeRequestsPerMinute = {
      windowSeconds: WINDOW_SECONDS,
      pageViewsPerMinute: VIEWS_PER_MINUTE,
      services: services.length,
      noViews: idle.perMinute,
      ours: ours.perMinute,
      stock: stock.perMinute,
      failedViews: { ours: ours.failedViews, stock: stock.failedViews },
    };
    log(
      `  Kubernetes requests per minute at ${VIEWS_PER_MINUTE} views/min: no views ${JSON.stringify(
        idle.perMinute,
      )}, ours ${JSON.stringify(ours.perMinute)}, stock ${JSON.stringify(
        stock.perMinute,
      )}`,
    );
  }
  return out;
}

/**
 * A fresh backend on a database that already holds the catalog (a portal
 * restart) while `stage` accepts connections and never answers: the first
 * status request as soon as the backend is ready.
 */
async function coldStartWithHungCluster(
  sandbox: Sandbox,
  start: () => Promise<PortalBackend>,
) {
  const stage = sandbox.clusters.stage;
  await stage.stop();
  stage.setHang(true);
  await stage.start();
  try {
    const backend = await start();
    try {
      const client = new PortalClient(
        backend.baseUrl,
        await guestToken(backend.baseUrl),
      );
      const firsts: number[] = [];
      const first = await client.status(PROBE, 'full', 30_000);
      firsts.push(first.ms);
      for (let i = 0; i < 4; i++)
        firsts.push((await client.status(PROBE, 'full', 30_000)).ms);
      const stock = await client.stock(PROBE, 15_000);
      return {
        backendReadyMs: Math.round(backend.readyMs),
        firstRequestMs: round(first.ms),
        firstRequestStatus: first.status,
        nextRequestsMs: firsts.slice(1).map(round),
        deadlineMs: KUBE_DEADLINE_MS,
        goalMs: KUBE_DEADLINE_MS + 100,
        stock: {
          ms: round(stock.ms),
          status: stock.status,
          timedOutAt15s: stock.timedOut,
        },
      };
    } finally {
      await backend.stop();
    }
  } finally {
    stage.setHang(false);
  }
}

async function main() {
  if (typeof global.gc !== 'function')
    throw new Error('run with node --expose-gc (yarn bench:portal does)');
  const previous = readLatest(RESULTS_DIR, NAME);
  const catalogDir = defaultCatalogDir();
  const demoCount = buildFleet({ catalogDir }).services.length;
  const uptimeBefore = fs.readFileSync('/proc/loadavg', 'utf8').trim();
  log(
    `Starting the sandbox: ${ENTITIES} services (${demoCount} demo), 3 real kube-apiservers… (load ${uptimeBefore})`,
  );
  const startedAt = performance.now();
  const sandbox = await startSandbox({
    ports: 'random',
    fleet: { catalogDir, extraServices: Math.max(0, ENTITIES - demoCount) },
    kubeLatencyMs: 0,
    control: false,
    log: message => log(`  ${message}`),
  });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-portal-'));
  const results: Record<string, unknown> = {
    sandboxStartSeconds: round((performance.now() - startedAt) / 1000),
  };
  const fleet: FleetService[] = sandbox.fleet.services;
  const services = fleet.map(s => s.name);
  const fleetFile = writePortalCatalog(workDir, fleet);
  const stopping: Array<() => Promise<void> | void> = [];
  // Interrupted (Ctrl-C, SIGTERM): no API server, database or backend is
  // left running behind the bench.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      log(`${signal}: stopping the backends and the sandbox…`);
      stopAllPortalBackends()
        .then(() => Promise.allSettled(stopping.map(stop => stop())))
        .then(() => sandbox.stop())
        .finally(() => process.exit(130));
    });
  try {
    // Heap of our caches alone (a KubernetesSource in this process).
    const probe = fleet.find(s => s.name === PROBE) ?? fleet[0];
    const heap = await measureCacheHeap(sandbox, probe);
    results.heapPer10kCachedObjects = { ...heap, goalMB: 25 };
    log(
      `Heap: ${heap.cachedObjects} cached objects, ${heap.mbPer10kObjects} MB per 10,000 (goal < 25)`,
    );

    // The first save's time names the file; the scale run rewrites it.
    let measuredAt: string | undefined;
    const save = () => {
      measuredAt ??= new Date().toISOString();
      const report = {
        benchmark:
          'real portal backend (catalog, permissions, guest auth): eks-platform status vs the stock kubernetes backend',
        measuredAt,
        commit: measuredCommit([
          'plugins/eks-platform-backend',
          'plugins/eks-platform-common',
          'packages/backend',
          'bench/portal-path.ts',
          'bench/lib',
        ]),
        machine: {
          cpus: os.cpus().length,
          node: process.version,
          platform: `${os.platform()} ${os.release()}`,
          loadAverageBefore: uptimeBefore,
          loadAverageAfter: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
        },
        setup: {
          services: ENTITIES,
          databases: DATABASES,
          kubeLatenciesMs: LATENCIES,
          clusters: Object.keys(sandbox.clusters),
          kubeDeadlineMs: KUBE_DEADLINE_MS,
          probe: PROBE,
        },
        previous: previous
          ? { measuredAt: previous.measuredAt, commit: previous.commit }
          : undefined,
        results,
      };
      const file = writeReport(RESULTS_DIR, NAME, report);
      log(`Wrote ${path.relative(process.cwd(), file)}`);
      log(portalPathTable(report, previous));
    };
    for (const database of DATABASES) {
      let postgres: RealServer | undefined;
      if (database === 'postgres') {
        postgres = startPostgres();
        stopping.push(() => postgres?.stop());
      } else if (database !== 'sqlite') {
        throw new Error(`BENCH_DATABASES: sqlite or postgres, got ${database}`);
      }
      const databaseConfig = postgres
        ? {
            client: 'pg',
            connection: {
              host: '127.0.0.1',
              port: postgres.port,
              user: 'postgres',
            },
          }
        : { client: 'better-sqlite3', connection: ':memory:' };
      const start = () =>
        startPortalBackend({
          config: portalConfig(sandbox, fleetFile, databaseConfig),
          workDir,
          name: `portal-${database}`,
        });
      log(`Portal backend, ${database}: starting…`);
      const backend = await start();
      const variant: Record<string, unknown> = {};
      results[database] = variant;
      try {
        const client = new PortalClient(
          backend.baseUrl,
          await guestToken(backend.baseUrl),
        );
        const catalogMs = await waitForCatalog(client, services);
        variant.backendReadyMs = Math.round(backend.readyMs);
        variant.catalogLoadedMs = Math.round(catalogMs);
        log(
          `  ready in ${Math.round(backend.readyMs)} ms, catalog of ${
            services.length
          } services loaded ${Math.round(catalogMs)} ms later`,
        );
        for (const latencyMs of LATENCIES) {
          log(`  ${latencyMs} ms per Kubernetes request:`);
          // A failed step is recorded with its error beside the figures
          // measured before it; the other figures still count.
          const figures: Record<string, unknown> = {};
          variant[`kube${latencyMs}ms`] = figures;
          await measure(sandbox, client, services, latencyMs, figures).catch(
            error => {
              log(`  failed: ${error?.stack ?? error}`);
              figures.error = String(error?.message ?? error);
            },
          );
          save();
        }
        variant.backendRssMB = rssMb(backend.pid);
      } finally {
        await backend.stop();
      }
      for (const cluster of Object.values(sandbox.clusters))
        cluster.setLatency(0);
      if (postgres) {
        // Only a persistent database keeps the catalog over a restart.
        const cold = await coldStartWithHungCluster(sandbox, start);
        variant.coldStartOneClusterHanging = cold;
        log(
          `  fresh backend, stage hanging: first request ${
            cold.firstRequestMs
          } ms (${cold.firstRequestStatus}), goal ≤ ${cold.goalMs}; stock ${
            cold.stock.ms
          } ms${cold.stock.timedOutAt15s ? ' (still hanging at 15 s)' : ''}`,
        );
        postgres.stop();
        postgres = undefined;
      }
      results[database] = variant;
      save();
    }
    results.memoryMB = {
      kubeApiServers: Object.fromEntries(
        Object.values(sandbox.clusters).map(c => [
          c.name,
          rssMb(c.apiServerPid),
        ]),
      ),
      etcd: rssMb(sandbox.etcd.pid),
    };
    save();

    // The scale run: synthetic services created in the real API servers,
    // then our caches alone synced over everything they hold.
    if (SCALE_SERVICES > 0) {
      log(
        `Scale: creating ${SCALE_SERVICES} services / ${SCALE_OBJECTS} objects in the API servers…`,
      );
      const created = await createScaleObjects(sandbox, {
        services: SCALE_SERVICES,
        objectsPerService: Math.round(SCALE_OBJECTS / SCALE_SERVICES),
        concurrency: 16,
        budgetSeconds: SCALE_BUDGET_SECONDS,
      });
      const scaleHeap = await measureCacheHeap(sandbox, probe);
      results.scale = {
        services: SCALE_SERVICES,
        objectsPlanned: created.planned,
        objectsCreated: created.created,
        createSeconds: created.seconds,
        withFleetOf: services.length,
        ...scaleHeap,
        goalMBPer10k: 25,
      };
      log(
        `Scale: ${created.created} of ${created.planned} objects created in ${created.seconds} s; our caches hold ${scaleHeap.cachedObjects} objects, ${scaleHeap.heapDeltaMB} MB (${scaleHeap.mbPer10kObjects} MB per 10,000), synced in ${scaleHeap.syncSeconds} s`,
      );
      save();
    }
    // The backends' logs stay when the run fails.
    fs.rmSync(workDir, { recursive: true, force: true });
  } finally {
    for (const stop of stopping.reverse()) await stop();
    await sandbox.stop();
    if (fs.existsSync(workDir)) log(`Backend logs kept in ${workDir}`);
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
