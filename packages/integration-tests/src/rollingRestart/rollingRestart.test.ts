import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GitHubAccess,
  RealServers,
  Sandbox,
  freePort,
  mergeWhenOpen,
  startRealServersOrSkip,
  startSandbox,
} from '@internal/eks-platform-sandbox';
import { BackendProcess } from '../harness/backendProcess';
import { upstreamInventory } from '../harness/inventory';
import { stopEverything } from '../harness/stopEverything';
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
import { writeRollingRestartReport } from './report';

/*
 * Issue 14: two replicas of the portal's own backend (packages/backend, with
 * its draining root HTTP router) on one real PostgreSQL and one real Redis,
 * behind a round-robin proxy that routes to ready replicas only. Under a
 * steady load of status requests and with a golden-path task running, the
 * replica running the task gets SIGTERM and is started again, then the
 * other. No request may fail, the task completes exactly once (its
 * replica finishes it before exiting, scaffolder.EXPERIMENTAL_gracefulShutdown;
 * scaffolder.taskRecovery would resume it had the replica died), and the sandbox
 * holds one of everything, also once the registration pull request is
 * merged and Argo CD has created the service's Application. The figures are
 * printed and written to bench/results/rolling-restart-<time>.json.
 */
jest.setTimeout(900_000);

/*
 * Part of the suite since it fits in about 3 minutes on 2 cores: a 5 s
 * drain (2 s lost 3 requests on a machine at load 25: the proxy's health
 * check saw the 503 too late), a 5 s stale timeout, three request loops, no trace pipeline in
 * the sandbox. afterAll stops everything it started, each step bounded in
 * time, and the sandbox's git server ends the git processes of a push cut
 * off by SIGTERM.
 */
const servers: RealServers = startRealServersOrSkip(
  ['postgres', 'redis'],
  'the rolling restart of two portal replicas on PostgreSQL and Redis',
);
afterAll(() => servers.stop());
const describeWithServers = servers.available ? describe : describe.skip;

const SERVICE = 'rolling-api';
/** The plugins of packages/backend, as it logs them at start. */
const PORTAL_PLUGINS = [
  'app',
  'auth',
  'catalog',
  'eks-platform',
  'kubernetes',
  'mcp-actions',
  'notifications',
  'permission',
  'proxy',
  'scaffolder',
  'search',
  'signals',
  'techdocs',
  'user-settings',
];
/**
 * serverShutdownDelay (10 s in production, for the ALB): enough for the
 * proxy's health checks (every 250 ms, 1 s timeout) to see the 503.
 */
const DRAIN_DELAY_MS = 5000;
/** scaffolder.taskRecovery.staleTimeout (30 s in production). */
const STALE_TIMEOUT_S = 5;
/** Loops of status requests, each sending the next when the last answered. */
const LOAD_LOOPS = 3;
/** terminationGracePeriodSeconds of the portal's chart. */
const GRACE_MS = 60_000;
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
  let proxy: RoundRobinProxy | undefined;
  let load: StatusLoad | undefined;
  const replicas: BackendProcess[] = [];
  let testStarted = 0;
  /** Milliseconds from the sandbox's start at which each phase ended. */
  const phases: Record<string, number> = {};
  const phaseDone = (name: string) => {
    phases[name] = Date.now() - testStarted;
  };

  beforeAll(async () => {
    // All three clusters: the portal's config (app-config.yaml, databases and
    // environments per cluster) is the sandbox's as `npm start` runs it.
    testStarted = Date.now();
    sandbox = await startSandbox({
      ports: 'random',
      prometheus: false,
      traces: false,
      control: false,
    });
    phaseDone('sandboxStarted');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-rolling-'));
    const ports = [await freePort(), await freePort()];
    const proxyPort = await freePort();
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;
    const platform = platformConfig(sandbox, DEMO_PEERS);
    const shared = {
      ...platform,
      app: { baseUrl: proxyUrl },
      // Plugin-to-plugin calls go through the load balancer (in the
      // cluster: the portal's Service), not to the replica itself: a
      // draining replica finishing its task has closed its own HTTP server.
      discovery: {
        endpoints: [
          {
            target: { internal: `${proxyUrl}/api/{{pluginId}}` },
            plugins: PORTAL_PLUGINS,
          },
        ],
      },
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
        // A replica getting SIGTERM finishes the task it runs before it
        // exits, as app-config.production.yaml sets it; one that dies
        // anyway (no heartbeat for STALE_TIMEOUT_S) has it resumed by
        // another replica's recovery loop, from its checkpoints.
        taskRecovery: {
          enabled: true,
          staleTimeout: { seconds: STALE_TIMEOUT_S },
        },
        EXPERIMENTAL_gracefulShutdown: true,
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
    phaseDone('replicasStarted');
    proxy = new RoundRobinProxy(replicas.map(r => r.baseUrl));
    await proxy.start(proxyPort);
  }, 900_000);

  // Everything this file started, also when the test failed half-way: the
  // load, the proxy, both replicas (SIGTERM, SIGKILL after 10 s) and the
  // sandbox with its git processes. PostgreSQL and Redis stop after this.
  afterAll(
    () =>
      stopEverything([
        ['status load', () => load?.stop()],
        ['proxy', () => proxy?.stop()],
        ...replicas.map((replica, i): [string, () => Promise<void>] => [
          `replica ${i}`,
          () => replica.stop(),
        ]),
        ['sandbox', () => sandbox?.stop()],
        [
          'config directory',
          () => dir && fs.rmSync(dir, { recursive: true, force: true }),
        ],
      ]),
    120_000,
  );

  it('loses no request and runs the golden-path task exactly once', async () => {
    const balancer = proxy!;
    const auth = `Bearer ${await signInAsGuest(balancer.url)}`;
    await waitForEntity(
      balancer.url,
      auth,
      'template:default/eks-service',
      120_000,
    );
    for (const name of STATUS_ENTITIES) {
      await waitForEntity(
        balancer.url,
        auth,
        `component:default/${name}`,
        120_000,
      );
    }
    const statusLoad = new StatusLoad(
      STATUS_ENTITIES.map(
        name =>
          `${balancer.url}/api/eks-platform/v1/status/component/default/${name}?view=summary`,
      ),
      auth,
      LOAD_LOOPS,
    );
    load = statusLoad;
    phaseDone('catalogReady');
    statusLoad.start();
    await new Promise(r => setTimeout(r, 3000));

    const scaffolder = new ScaffolderClient(balancer.url, auth);
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

    const restartStarted = Date.now();
    const restarts: Array<{
      replica: number;
      stopMs: number;
      startMs: number;
    }> = [];
    for (const index of order) {
      const replica = replicas[index];
      const t0 = Date.now();
      await replica.stop(GRACE_MS); // SIGTERM, then wait for the exit
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
    await statusLoad.stop();

    phaseDone('restartsDone');
    const result = await scaffolder.waitForTask(taskId, 300_000);
    const events = await scaffolder.events(taskId);
    const at = (type: string) =>
      events
        .filter(e => e.type === type)
        .map(e => Date.parse(e.createdAt))
        .sort((a, b) => a - b)[0];

    // Merged, the registration pull request makes the sandbox's Argo CD
    // create the service's Application: one, not one per replica that ran
    // the task.
    const github: GitHubAccess = {
      apiBaseUrl: sandbox.urls.githubApi,
      token: sandbox.tokens.github,
    };
    if (result.status === 'completed') {
      await mergeWhenOpen(
        github,
        'platform/gitops',
        `backstage/eks-platform/${SERVICE}`,
      );
      await waitFor(
        'Argo CD to create the service’s Application',
        () => upstreamInventory(sandbox, SERVICE).argocdApplications > 0,
        120_000,
      );
      // Time for a second one to show up, were there a duplicate.
      await new Promise(r => setTimeout(r, 3000));
    }

    const during = statusLoad.samples.filter(
      s => s.at >= restartStarted && s.at <= restartEnded,
    );
    const failed = statusLoad.samples.filter(s => !s.ok);
    const recoveredAt = at('recovered');
    const completedAt = at('completion');
    const figures = {
      setup: {
        replicas: 2,
        database: 'PostgreSQL (Debian)',
        cache: 'Redis (Debian)',
        load: `${statusLoad.concurrency} concurrent loops of status summaries through a round-robin proxy routing to ready replicas, no retries`,
        drainDelayMs: DRAIN_DELAY_MS,
        taskRecoveryStaleTimeoutMs: STALE_TIMEOUT_S * 1000,
      },
      requests: {
        sent: statusLoad.samples.length,
        failed: failed.length,
        failures: [...new Set(failed.map(s => String(s.status)))],
        duringRestart: during.length,
      },
      latencyDuringRestartMs: {
        p50: Math.round(percentile(during, 50)),
        p95: Math.round(percentile(during, 95)),
        max: Math.round(percentile(during, 100)),
      },
      restarts,
      restartWindowMs: restartEnded - restartStarted,
      task: {
        status: result.status,
        completions: events.filter(e => e.type === 'completion').length,
        recovered: events.filter(e => e.type === 'recovered').length,
        // From the SIGTERM of the replica running it to its completion
        // (and to another replica resuming it, had it died).
        sigtermToRecoveredMs: recoveredAt ? recoveredAt - restartStarted : null,
        sigtermToCompletedMs: completedAt ? completedAt - restartStarted : null,
      },
      inventory: upstreamInventory(sandbox, SERVICE),
      // From the sandbox's start (what the suite pays for this test,
      // without stopping everything afterwards), when each phase ended.
      phases: { ...phases, inventoryChecked: Date.now() - testStarted },
    };
    const file = writeRollingRestartReport(figures);
    if (result.status !== 'completed') {
      // What each replica printed (requests of the load left out), to tell
      // which one ran which step when the task failed.
      const logDir = path.join(REPO_ROOT, 'test-results');
      fs.mkdirSync(logDir, { recursive: true });
      replicas.forEach((replica, i) =>
        fs.writeFileSync(
          path.join(logDir, `rolling-restart-replica-${i}.log`),
          replica.logs(/health\/v1\/readiness|\/status\/component\//, 3000),
        ),
      );
    }
    // eslint-disable-next-line no-console
    console.log(
      `rolling restart (${path.relative(REPO_ROOT, file)}): ${JSON.stringify(
        figures,
        null,
        2,
      )}`,
    );

    expect({
      failed: figures.requests.failed,
      failures: figures.requests.failures,
      proxyErrors: balancer.proxyErrors,
    }).toEqual({ failed: 0, failures: [], proxyErrors: 0 });
    expect(during.length).toBeGreaterThan(0);
    expect({
      status: result.status,
      log: result.status === 'completed' ? [] : result.log,
    }).toEqual({ status: 'completed', log: [] });
    expect(figures.task.completions).toBe(1);
    // Its replica drained it: finished before exiting, not killed mid-step.
    expect(restarts[0].stopMs).toBeLessThan(GRACE_MS);
    // ...and it was still running when the SIGTERM came.
    expect(completedAt).toBeGreaterThan(restartStarted);
    expect(figures.inventory).toEqual({
      githubRepos: 1,
      ecrRepositories: 1,
      vaultPolicies: 1,
      vaultKubernetesRoles: 1,
      // Merged above; the one pull request, not a second left open.
      gitopsOpenPullRequests: 0,
      argocdApplications: 1,
    });
    const pulls = sandbox.github
      .repos()
      .find(r => r.fullName === 'platform/gitops')!
      .pulls.filter(p => p.head.includes(SERVICE));
    expect(pulls.map(p => ({ state: p.state, merged: p.merged }))).toEqual([
      { state: 'closed', merged: true },
    ]);
  });
});
