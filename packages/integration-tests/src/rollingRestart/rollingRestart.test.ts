import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  RealServers,
  Sandbox,
  freePort,
  startRealServersOrSkip,
  startSandbox,
} from '@internal/eks-platform-sandbox';
import { BackendProcess } from '../harness/backendProcess';
import { upstreamInventory } from '../harness/inventory';
import {
  DEMO_PEERS,
  REPO_ROOT,
  SANDBOX_GUEST,
  goldenPathValues,
  platformConfig,
} from '../harness/platformConfig';
import { ScaffolderClient, waitForEntity } from '../harness/scaffolderClient';
import { RoundRobinProxy } from './roundRobinProxy';
import { StatusLoad, percentile } from './statusLoad';

/*
 * Issue 14: two replicas of the portal's own backend (packages/backend, with
 * its draining root HTTP router) on one real PostgreSQL and one real Redis,
 * behind a round-robin proxy that routes to ready replicas only. Under a
 * steady load of status requests and with a golden-path task running, the
 * replica running the task gets SIGTERM and is started again, then the
 * other. No request may fail, the task completes exactly once (handed over
 * through scaffolder.taskRecovery when its replica goes), and the sandbox
 * holds one of everything. The figures are printed and written to
 * test-results/rolling-restart.json.
 */
jest.setTimeout(900_000);

/*
 * Opt-in (EKS_ROLLING_RESTART=1) until the hang seen on 2026-11-30 is
 * understood: after both replicas had been restarted and the task had
 * completed (one completion, two `recovered` events in the task database),
 * the jest process stopped making progress without its test timeout firing.
 * A hanging file would stall the whole suite.
 */
const OPTED_IN = process.env.EKS_ROLLING_RESTART === '1';
const servers: RealServers = OPTED_IN
  ? startRealServersOrSkip(
      ['postgres', 'redis'],
      'the rolling restart of two portal replicas on PostgreSQL and Redis',
    )
  : {
      available: false,
      reason: 'EKS_ROLLING_RESTART is not 1',
      stop: () => {},
    };
afterAll(() => servers.stop());
const describeWithServers = servers.available ? describe : describe.skip;

const SERVICE = 'rolling-api';
const DRAIN_DELAY_MS = 2000;
const STATUS_ENTITIES = [
  'api-gateway',
  'search-service',
  'recommendation-service',
];

async function signInAsGuest(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

describeWithServers('rolling restart of two portal replicas', () => {
  let sandbox: Sandbox;
  let dir: string;
  let proxy: RoundRobinProxy;
  const replicas: BackendProcess[] = [];

  beforeAll(async () => {
    // All three clusters: the portal's config (app-config.yaml, databases and
    // environments per cluster) is the sandbox's as `npm start` runs it.
    sandbox = await startSandbox({
      ports: 'random',
      prometheus: false,
      control: false,
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-rolling-'));
    const ports = [await freePort(), await freePort()];
    const proxyPort = await freePort();
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;
    const platform = platformConfig(sandbox, DEMO_PEERS);
    const shared = {
      ...platform,
      app: { baseUrl: proxyUrl },
      auth: {
        environment: 'development',
        providers: {
          guest: {
            userEntityRef: SANDBOX_GUEST.userEntityRef,
            ownershipEntityRefs: SANDBOX_GUEST.ownershipEntityRefs,
          },
        },
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: Object.values(sandbox.clusters).map(cluster => ({
              name: cluster.name,
              url: cluster.url,
              caData: cluster.caData,
              authProvider: 'serviceAccount',
              serviceAccountToken: cluster.token,
              skipMetricsLookup: true,
            })),
          },
        ],
      },
      eksPlatform: {
        ...platform.eksPlatform,
        alertmanager: { instances: [] },
        // The load comes from one user: no per-caller limit in the way.
        status: { rateLimit: { entitiesPerSecond: 100_000, burst: 100_000 } },
      },
      scaffolder: {
        ...platform.scaffolder,
        // A task whose replica went away (no heartbeat for 5 s) is resumed
        // by another replica's recovery loop, from its checkpoints.
        taskRecovery: { enabled: true, staleTimeout: { seconds: 5 } },
      },
    };
    ports.forEach((port, i) => {
      const file = BackendProcess.writeConfig(
        dir,
        {
          ...shared,
          backend: {
            baseUrl: proxyUrl,
            listen: { host: '127.0.0.1', port },
            database: {
              client: 'pg',
              connection: {
                host: '127.0.0.1',
                port: servers.postgres!.port,
                user: 'postgres',
              },
            },
            cache: {
              store: 'redis',
              connection: `redis://127.0.0.1:${servers.redis!.port}`,
            },
            lifecycle: { serverShutdownDelay: `${DRAIN_DELAY_MS}ms` },
          },
        },
        `replica-${i}.yaml`,
      );
      replicas.push(
        new BackendProcess(
          [path.join(REPO_ROOT, 'app-config.yaml'), file],
          `http://127.0.0.1:${port}`,
        ),
      );
    });
    // One after the other: the first creates the plugins' databases.
    await replicas[0].start(300_000);
    await replicas[1].start(300_000);
    proxy = new RoundRobinProxy(replicas.map(r => r.baseUrl));
    await proxy.start(proxyPort);
  }, 900_000);

  afterAll(async () => {
    await proxy?.stop();
    for (const replica of replicas) await replica.stop();
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses no request and runs the golden-path task exactly once', async () => {
    const auth = `Bearer ${await signInAsGuest(proxy.url)}`;
    await waitForEntity(
      proxy.url,
      auth,
      'template:default/eks-service',
      120_000,
    );
    for (const name of STATUS_ENTITIES) {
      await waitForEntity(
        proxy.url,
        auth,
        `component:default/${name}`,
        120_000,
      );
    }
    const load = new StatusLoad(
      STATUS_ENTITIES.map(
        name =>
          `${proxy.url}/api/eks-platform/v1/status/component/default/${name}?view=summary`,
      ),
      auth,
    );
    load.start();
    await new Promise(r => setTimeout(r, 3000));

    const scaffolder = new ScaffolderClient(proxy.url, auth);
    const taskId = await scaffolder.createTask('template:default/eks-service', {
      ...goldenPathValues(sandbox, SERVICE),
      environments: ['dev'],
    });
    // The replica that claimed the task logs its steps (with the task id).
    await waitFor(
      'a replica to run the task',
      () => replicas.some(r => r.printed(taskId)),
      60_000,
    );
    const runner = replicas.findIndex(r => r.printed(taskId));
    const order = [runner, 1 - runner];

    const balancer = proxy;
    const restartStarted = Date.now();
    const restarts: Array<{
      replica: number;
      stopMs: number;
      startMs: number;
    }> = [];
    for (const index of order) {
      const replica = replicas[index];
      const t0 = Date.now();
      await replica.stop(); // SIGTERM, then wait for the exit
      const t1 = Date.now();
      await replica.start(300_000);
      await waitFor(
        'the proxy to route to the restarted replica',
        () => balancer.readyUpstreams().includes(replica.baseUrl),
        30_000,
      );
      restarts.push({
        replica: index,
        stopMs: t1 - t0,
        startMs: Date.now() - t1,
      });
    }
    const restartEnded = Date.now();
    // A few more seconds of load on the restarted pair, then stop it.
    await new Promise(r => setTimeout(r, 3000));
    await load.stop();

    const result = await scaffolder.waitForTask(taskId, 300_000);
    const events = await scaffolder.events(taskId);
    const during = load.samples.filter(
      s => s.at >= restartStarted && s.at <= restartEnded,
    );
    const failed = load.samples.filter(s => !s.ok);
    const figures = {
      requestsSent: load.samples.length,
      requestsFailed: failed.length,
      failures: [...new Set(failed.map(s => String(s.status)))],
      duringRestart: {
        requests: during.length,
        p50Ms: Math.round(percentile(during, 50)),
        p95Ms: Math.round(percentile(during, 95)),
        maxMs: Math.round(percentile(during, 100)),
      },
      restarts,
      drainDelayMs: DRAIN_DELAY_MS,
      task: {
        status: result.status,
        completions: events.filter(e => e.type === 'completion').length,
        recovered: events.filter(e => e.type === 'recovered').length,
      },
      inventory: upstreamInventory(sandbox, SERVICE),
    };
    const resultsDir = path.join(REPO_ROOT, 'test-results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(
      path.join(resultsDir, 'rolling-restart.json'),
      `${JSON.stringify(figures, null, 2)}\n`,
    );
    // eslint-disable-next-line no-console
    console.log(`rolling restart: ${JSON.stringify(figures, null, 2)}`);

    expect({
      failed: figures.requestsFailed,
      failures: figures.failures,
    }).toEqual({ failed: 0, failures: [] });
    expect(during.length).toBeGreaterThan(0);
    expect({
      status: result.status,
      log: result.status === 'completed' ? [] : result.log,
    }).toEqual({ status: 'completed', log: [] });
    expect(figures.task.completions).toBe(1);
    // The replica running it went away mid-task: another one resumed it.
    expect(figures.task.recovered).toBeGreaterThanOrEqual(1);
    expect(figures.inventory).toMatchObject({
      githubRepos: 1,
      ecrRepositories: 1,
      vaultPolicies: 1,
      vaultKubernetesRoles: 1,
      gitopsOpenPullRequests: 1,
    });
  });
});
