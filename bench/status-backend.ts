/*
 * Status backend benchmark: the eks-platform status API side by side with
 * Backstage's own kubernetes backend, against the sandbox clusters (3 real
 * kube-apiservers behind fault proxies adding 50 ms per Kubernetes request,
 * the demo services plus generated ones up to BENCH_ENTITIES entities).
 *
 * Run: yarn bench   (or: node --expose-gc --require @backstage/cli/config/nodeTransform.cjs bench/status-backend.ts)
 * Prints the figures and writes bench/results/status-backend-<time>.json
 * and bench/results/status-backend-latest.json.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  buildFleet,
  defaultCatalogDir,
  Sandbox,
  startSandbox,
} from '@internal/eks-platform-sandbox';
import { startBackendProcess } from './lib/backendProcess';
import { measureCacheHeap } from './lib/cacheHeap';
import { fleetBatches, fleetQuery as fleetQueryOf } from './lib/fleetQuery';
import { rssMb } from './lib/processMemory';
import { sandboxClusters } from './lib/kubernetesConfig';
import { runConcurrent, timedRequest } from './lib/load';
import { summary } from './lib/stats';
import { tracesConfig } from './lib/tracesConfig';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 1000);
const KUBE_LATENCY_MS = 50;
const KUBE_DEADLINE_MS = 2000;
const ARGOCD_TOKEN = 'sandbox-argocd-token';
const auth = { Authorization: mockCredentials.user.header() };
const log = (message: string) => process.stdout.write(`${message}\n`);

function kubernetesConfig(sandbox: Sandbox) {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      { type: 'config', clusters: sandboxClusters(sandbox) },
    ],
  };
}

function entityFor(service: { name: string; namespace: string }) {
  const { name, namespace } = service;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        // Workloads are only looked up inside the entity's namespaces.
        'backstage.io/kubernetes-namespace': namespace,
        'jaegertracing.io/service-name': name,
        'argocd/app-name': name,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team',
    },
  };
}

/**
 * The bench drives thousands of reads as one user to measure latency, not
 * the per-user rate limit (eksPlatform.status.rateLimit): lift it.
 */
const UNLIMITED_RATE = { entitiesPerSecond: 1_000_000, burst: 1_000_000 };

async function main() {
  if (typeof global.gc !== 'function')
    throw new Error('run with node --expose-gc (yarn bench does)');
  const catalogDir = defaultCatalogDir();
  const demoCount = buildFleet({ catalogDir }).services.length;
  log(
    `Starting the sandbox: ${ENTITIES} entities (${demoCount} demo), 3 clusters, ${KUBE_LATENCY_MS} ms per Kubernetes request…`,
  );
  const startedAt = performance.now();
  const startLog: string[] = [];
  const sandbox = await startSandbox({
    ports: 'random',
    fleet: { catalogDir, extraServices: Math.max(0, ENTITIES - demoCount) },
    kubeLatencyMs: KUBE_LATENCY_MS,
    // Prometheus (when installed) holds the span metrics of the real trace
    // pipeline: the traces source polls it as production does.
    control: false,
    log: message => {
      startLog.push(message);
      log(`  ${message}`);
    },
  });
  const results: Record<string, unknown> = {};
  results.sandbox = {
    startSeconds: Math.round((performance.now() - startedAt) / 100) / 10,
    log: startLog,
  };
  const kubeRequests = () =>
    Object.values(sandbox.clusters).reduce(
      (n, c) =>
        n + Array.from(c.requestCounts.values()).reduce((a, b) => a + b, 0),
      0,
    );
  const services = sandbox.fleet.services.map(s => s.name);
  const entities = sandbox.fleet.services.map(entityFor);
  const byName = new Map(sandbox.fleet.services.map(s => [s.name, s]));
  const probeService =
    sandbox.fleet.services.find(s => s.name === 'checkout') ??
    sandbox.fleet.services[0];

  try {
    // ---- Heap per 10,000 cached objects (our watch caches alone) ----------
    {
      const heap = await measureCacheHeap(sandbox, probeService);
      results.heap = { ...heap, goalMB: 50 };
      log(
        `Heap: ${heap.cachedObjects} cached objects, ${heap.mbPer10kObjects} MB per 10,000 (goal < 50)`,
      );
    }

    // ---- One backend process with both plugins ----------------------------
    const backend = await startBackendProcess({
      withKubernetesBackend: true,
      entities,
      config: {
        kubernetes: kubernetesConfig(sandbox),
        eksPlatform: {
          argocd: {
            instances: [
              { name: 'main', url: sandbox.urls.argocd, token: ARGOCD_TOKEN },
            ],
          },
          ...tracesConfig(sandbox.urls),
          status: {
            deadlineMs: { kubernetes: KUBE_DEADLINE_MS },
            rateLimit: UNLIMITED_RATE,
          },
        },
      },
    });
    const base = backend.baseUrl;
    const ours = (name: string, view = 'full') =>
      `${base}/eks-platform/v1/status/component/default/${name}?view=${view}`;
    const oursGet = (name = probeService.name) =>
      timedRequest(ours(name), { headers: auth }, 30_000);
    const fleetQuery = (timeoutMs: number) =>
      fleetQueryOf(base, auth, services, timeoutMs);
    const backstagePost = (name = probeService.name, timeoutMs = 30_000) =>
      timedRequest(
        `${base}/kubernetes/services/${name}`,
        {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ entity: entityFor(byName.get(name)!) }),
        },
        timeoutMs,
      );

    // Warm: caches synced, polled sources fetched once.
    const warm = await oursGet();
    if (warm.status !== 200)
      throw new Error(`status API answered ${warm.status}`);
    await fleetQuery(60_000);
    await backstagePost();

    // ---- Kubernetes API requests per entity page view ----------------------
    {
      const views = 50;
      let before = kubeRequests();
      for (let i = 0; i < views; i++)
        await oursGet(services[i % services.length]);
      const oursPerView = (kubeRequests() - before) / views;
      before = kubeRequests();
      const bViews = 5;
      for (let i = 0; i < bViews; i++)
        await backstagePost(services[i % services.length]);
      const backstagePerView = (kubeRequests() - before) / bViews;
      results.kubernetesRequestsPerPageView = {
        ours: oursPerView,
        backstage: backstagePerView,
        goal: 0,
      };
      log(
        `Kubernetes API requests per page view: ours ${oursPerView}, Backstage ${backstagePerView}`,
      );
    }

    // ---- Latency of one entity at 1, 10, 50 concurrent viewers -------------
    {
      const latency: Record<string, unknown> = {};
      for (const [concurrency, oursTotal, theirsTotal] of [
        [1, 200, 10],
        [10, 500, 20],
        [50, 1000, 50],
      ]) {
        const o = await runConcurrent(concurrency, oursTotal, () => oursGet());
        const b = await runConcurrent(concurrency, theirsTotal, () =>
          backstagePost(probeService.name, 30_000),
        );
        const serverSide = o.map(
          r => (r.serverTiming?.catalog ?? 0) + (r.serverTiming?.status ?? 0),
        );
        latency[`c${concurrency}`] = {
          ours: {
            ...summary(o.map(r => r.ms)),
            errors: o.filter(r => r.status !== 200).length,
            serverSideMs: summary(serverSide),
          },
          backstage: {
            ...summary(b.map(r => r.ms)),
            errors: b.filter(r => r.status !== 200).length,
            timedOutAt30s: b.filter(r => r.timedOut).length,
          },
        };
        log(
          `One entity at ${concurrency} viewers: ours p50/p95/p99 ${JSON.stringify(
            summary(o.map(r => r.ms)),
          )} (server side ${JSON.stringify(
            summary(serverSide),
          )}) | Backstage ${JSON.stringify(summary(b.map(r => r.ms)))}`,
        );
      }
      results.singleEntityLatencyMs = { ...latency, goalP95Warm: 20 };
    }

    // ---- Fleet query for every entity --------------------------------------
    {
      const runs: number[] = [];
      const serverRuns: number[] = [];
      let items = 0;
      // Since the batch cap (eksPlatform.status.query.maxEntities, 500): two
      // batches at once, timed until the last answer.
      for (let i = 0; i < 5; i++) {
        const r = await fleetQuery(60_000);
        runs.push(r.ms);
        serverRuns.push(r.serverMs);
        items = r.items;
      }
      results.fleetQuery = {
        entities: services.length,
        batches: fleetBatches(services).length,
        answered: items,
        ...summary(runs),
        serverSideMs: summary(serverRuns),
        goalMs: 250,
      };
      log(
        `Fleet query (${
          services.length
        } entities, ${items} answered): ${JSON.stringify(
          summary(runs),
        )} ms, server side ${JSON.stringify(
          summary(serverRuns),
        )} ms (goal < 250)`,
      );
    }

    // ---- Time from a change in a cluster to that change in the API ---------
    {
      // Its own connections: the workload's client may have a tick's writes queued.
      const prod = { client: sandbox.clusters.prod.adminClient };
      const node = (
        await prod.client.list('v1', 'Node', undefined, { limit: 1 })
      ).items[0].metadata.name;
      const samples: number[] = [];
      for (let i = 0; i < 10; i++) {
        const name = `${probeService.name}-bench-probe-${i}`;
        const started = performance.now();
        await prod.client.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name,
            namespace: probeService.namespace,
            labels: {
              'backstage.io/kubernetes-id': probeService.name,
              'app.kubernetes.io/name': probeService.name,
            },
          },
          spec: {
            nodeName: node,
            containers: [{ name: 'app', image: 'probe:1' }],
          },
        });
        for (;;) {
          const r = await oursGet();
          const pods =
            r.body?.sources?.kubernetes?.data?.clusters?.find(
              (c: any) => c.cluster === 'prod',
            )?.pods ?? [];
          if (pods.some((p: any) => p.name === name)) break;
          if (performance.now() - started > 10_000)
            throw new Error('change did not arrive within 10 s');
        }
        samples.push(performance.now() - started);
        await prod.client.remove({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace: probeService.namespace },
        });
      }
      results.changeToApiMs = { ...summary(samples), goalP95: 2000 };
      log(
        `Change to API: ${JSON.stringify(
          summary(samples),
        )} ms (goal p95 < 2000)`,
      );
    }

    // ---- One cluster dead --------------------------------------------------
    {
      const stage = sandbox.clusters.stage;
      await stage.stop();
      stage.setHang(true);
      await stage.start();
      await new Promise(r => setTimeout(r, 500));
      const o = await runConcurrent(1, 50, () => oursGet());
      const b = await runConcurrent(1, 2, () =>
        backstagePost(probeService.name, 15_000),
      );
      // A fresh backend that never saw the dead cluster: the first views wait
      // for its first LIST up to the deadline, later ones answer at once.
      const cold = await startBackendProcess({
        withKubernetesBackend: false,
        entities,
        config: {
          kubernetes: kubernetesConfig(sandbox),
          eksPlatform: {
            status: {
              deadlineMs: { kubernetes: KUBE_DEADLINE_MS },
              rateLimit: UNLIMITED_RATE,
            },
          },
        },
      });
      const coldBase = cold.baseUrl;
      const coldRuns: number[] = [];
      for (let i = 0; i < 5; i++) {
        coldRuns.push(
          (
            await timedRequest(
              `${coldBase}/eks-platform/v1/status/component/default/${probeService.name}`,
              { headers: auth },
              30_000,
            )
          ).ms,
        );
      }
      await cold.stop();
      stage.setHang(false);
      results.oneClusterDead = {
        deadlineMs: KUBE_DEADLINE_MS,
        goalMs: KUBE_DEADLINE_MS + 100,
        oursWarmCaches: summary(o.map(r => r.ms)),
        oursColdStart: summary(coldRuns),
        backstage: {
          ...summary(b.map(r => r.ms)),
          timedOutAt15s: b.filter(r => r.timedOut).length,
          of: b.length,
        },
      };
      log(
        `One cluster hanging: ours warm ${JSON.stringify(
          summary(o.map(r => r.ms)),
        )} ms, ours cold ${JSON.stringify(summary(coldRuns))} ms (goal ≤ ${
          KUBE_DEADLINE_MS + 100
        }); Backstage ${b.filter(r => r.timedOut).length}/${
          b.length
        } requests still hanging after 15 s`,
      );
    }
    // ---- The workload's tick cost and the servers' memory ------------------
    {
      const ticks = sandbox.workload.tickHistory;
      results.workload = {
        initialWrite: sandbox.workload.firstWrite,
        ticks: ticks.length,
        tickMs: summary(ticks.map(t => t.ms)),
        writesPerTick: summary(ticks.map(t => t.writes)),
        requestsPerTick: summary(ticks.map(t => t.requests)),
        errors: ticks.reduce((n, t) => n + t.errors, 0),
      };
      results.memoryMB = {
        kubeApiServers: Object.fromEntries(
          Object.values(sandbox.clusters).map(c => [
            c.name,
            rssMb(c.apiServerPid),
          ]),
        ),
        etcd: rssMb(sandbox.etcd.pid),
      };
      log(
        `Workload ticks: ${JSON.stringify(
          results.workload,
        )}; memory ${JSON.stringify(results.memoryMB)}`,
      );
    }
    await backend.stop();
  } finally {
    await sandbox.stop();
  }

  let commit = 'uncommitted';
  try {
    commit = execSync('git rev-parse HEAD', {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    // Measured code that differs from the commit is marked as such.
    const dirty = execSync(
      'git status --porcelain -- plugins/eks-platform-backend plugins/eks-platform-common bench/status-backend.ts bench/lib',
      { stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .toString()
      .trim();
    if (dirty) commit += '-dirty';
  } catch {
    // a tree without commits yet
  }
  const report = {
    benchmark:
      'eks-platform status backend vs @backstage/plugin-kubernetes-backend',
    measuredAt: new Date().toISOString(),
    commit,
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    setup: {
      entities: services.length,
      clusters: Object.keys(sandbox.urls.kubernetes),
      kubeLatencyMs: KUBE_LATENCY_MS,
    },
    results,
  };
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `status-backend-${report.measuredAt.replace(/[:.]/g, '-')}.json`,
  );
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dir, 'status-backend-latest.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  log(`Wrote ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
