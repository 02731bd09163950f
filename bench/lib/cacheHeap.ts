import { performance } from 'node:perf_hooks';
import { ConfigReader } from '@backstage/config';
// The bench measures the source's caches alone, below the plugin's API.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import {
  createAuthStrategy,
  readClusters,
} from '@internal/backstage-plugin-eks-platform-backend/src/sources/kubernetes/clusters';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { KubernetesSource } from '@internal/backstage-plugin-eks-platform-backend/src/sources/kubernetes/KubernetesSource';
import type { FleetService, Sandbox } from '@internal/eks-platform-sandbox';
import { sandboxClusters } from './kubernetesConfig';

function silentLogger(): any {
  const logger: any = {
    error() {},
    warn() {},
    info() {},
    debug() {},
    child: () => logger,
  };
  return logger;
}

/**
 * Heap of our Kubernetes watch caches alone: a KubernetesSource in this
 * process syncs every cluster of the sandbox, with the workload simulator
 * paused so the heap delta is the caches, not its churn. Needs --expose-gc.
 */
export async function measureCacheHeap(
  sandbox: Sandbox,
  probe: FleetService,
): Promise<{
  cachedObjects: number;
  heapDeltaMB: number;
  mbPer10kObjects: number;
  syncSeconds: number;
}> {
  if (typeof global.gc !== 'function')
    throw new Error('run with node --expose-gc');
  const config = new ConfigReader({
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        { type: 'config', clusters: sandboxClusters(sandbox) },
      ],
    },
  });
  const logger = silentLogger();
  await sandbox.workload.stop();
  global.gc();
  const before = process.memoryUsage().heapUsed;
  const source = new KubernetesSource(
    readClusters(config, logger),
    createAuthStrategy(config),
    logger,
  );
  const started = performance.now();
  source.start();
  // Synced when every cluster answers from a finished first LIST (at most
  // 10 minutes: a loaded machine needs minutes for 40,000 objects).
  const target = {
    id: probe.name,
    owner: probe.owner,
    scope: () => ({ namespaces: [probe.namespace] }),
  };
  while (
    (await source.forEntity(target, Date.now() + 30_000)).state !==
      'ok' &&
    performance.now() - started < 600_000
  )
    await new Promise(r => setTimeout(r, 1000));
  // The first LIST of a large cluster is many pages: synced when the count
  // has not moved for 3 s (at most 5 minutes).
  const count = () =>
    source.clusterWatchers.reduce((n, w) => n + w.objectCount(), 0);
  let objects = count();
  let stableSince = performance.now();
  let syncedAt = performance.now();
  while (
    performance.now() - stableSince < 3000 &&
    performance.now() - started < 300_000
  ) {
    await new Promise(r => setTimeout(r, 250));
    const now = count();
    if (now !== objects) {
      objects = now;
      stableSince = performance.now();
      syncedAt = stableSince;
    }
  }
  global.gc();
  const after = process.memoryUsage().heapUsed;
  await source.stop();
  sandbox.workload.start();
  const mb = (after - before) / (1024 * 1024);
  return {
    cachedObjects: objects,
    heapDeltaMB: Math.round(mb * 10) / 10,
    mbPer10kObjects: Math.round((mb / objects) * 10_000 * 10) / 10,
    syncSeconds: Math.round((syncedAt - started) / 100) / 10,
  };
}
