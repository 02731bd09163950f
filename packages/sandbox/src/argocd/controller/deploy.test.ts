import path from 'node:path';
import { buildFleet } from '../../fleet';
import { startGitHubSimulator, GitHubSimulator } from '../../github';
import { KubernetesClusters, startKubernetesClusters } from '../../kubernetes';
import {
  ApiServerSink,
  watchLiveWorkloads,
  WatchedWorkloads,
  WorkloadSimulator,
} from '../../workload';
import { ArgoCdSimulator, startArgoCdSimulator } from '../server';
import type { Application } from '../types';
import { deleteFile, eventually, putFile } from '../__testUtils__/gitFiles';
import { gitopsValues, SHOP_CHART } from '../__testUtils__/shopChart';

/*
 * The Argo CD simulator deploying for real: sources fetched with git from
 * the GitHub simulator, the chart rendered by the real Helm, the manifests
 * server-side applied to a real kube-apiserver, and sync status and health
 * computed from the live objects, which the workload simulator keeps
 * running as a cluster's controllers would.
 */
jest.setTimeout(180_000);

const TOKEN = 'sandbox-argocd-token';
let kube: KubernetesClusters;
let github: GitHubSimulator;
let argo: ArgoCdSimulator;
let workload: WorkloadSimulator;
let watch: WatchedWorkloads;
let chartRepo: string;
let gitopsRepo: string;

beforeAll(async () => {
  kube = await startKubernetesClusters({ clusters: [{ name: 'dev' }] });
  github = await startGitHubSimulator({
    repositories: [
      { owner: 'acme', name: 'shop', files: SHOP_CHART },
      {
        owner: 'platform',
        name: 'gitops',
        files: { 'apps/shop/dev/values.yaml': gitopsValues('dev', '2') },
      },
    ],
  });
  chartRepo = `${github.url}/git/acme/shop.git`;
  gitopsRepo = `${github.url}/git/platform/gitops.git`;
  const dev = kube.clusters.dev;
  watch = watchLiveWorkloads(dev.client);
  await watch.start();
  workload = new WorkloadSimulator({
    fleet: buildFleet({
      catalogDir: path.join(
        __dirname,
        '..',
        '..',
        'fleet',
        '__fixtures__',
        'catalog',
      ),
    }),
    clusters: { dev: new ApiServerSink(dev.client) },
    liveWorkloads: { dev: watch },
    tickMs: 300,
    podStartupMs: 500,
    crashChance: 0,
    rolloutChance: 0,
  });
  await workload.ready();
  workload.start();
  argo = await startArgoCdSimulator({
    repositories: [
      { url: `${github.url}/git/`, username: 'x', password: github.token },
    ],
    clusters: [
      {
        name: 'dev',
        server: dev.url,
        caPem: dev.caPem,
        token: dev.tokens.argocd,
      },
    ],
    projects: [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'team-a' },
        spec: {
          sourceRepos: [chartRepo, gitopsRepo],
          destinations: [{ server: dev.url, namespace: 'team-a' }],
          clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        },
      },
    ],
    statusIntervalMs: 300,
    waveDelayMs: 100,
    healthTimeoutMs: 30_000,
    selfHealTimeoutMs: 500,
  });
  github.addWebhook(`${argo.url}/api/webhook`);
}, 180_000);

afterAll(async () => {
  await argo?.close();
  await workload?.stop();
  await watch?.stop();
  await github?.close();
  await kube?.close();
});

async function api(method: string, route: string, body?: unknown) {
  const res = await fetch(`${argo.url}/api/v1${route}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok)
    throw new Error(`${method} ${route}: ${res.status} ${json.message}`);
  return json;
}

function shopApp(name: string, overrides: Record<string, any> = {}) {
  return {
    metadata: { name, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
    spec: {
      project: 'team-a',
      sources: [
        {
          repoURL: chartRepo,
          path: 'chart',
          targetRevision: 'main',
          helm: {
            releaseName: overrides.releaseName ?? 'shop',
            valueFiles: [
              'values.yaml',
              'values-dev.yaml',
              '$values/apps/shop/dev/values.yaml',
              ...(overrides.valueFiles ?? []),
            ],
            ignoreMissingValueFiles: true,
            ...(overrides.parameters
              ? { parameters: overrides.parameters }
              : {}),
          },
        },
        { repoURL: gitopsRepo, targetRevision: 'main', ref: 'values' },
      ],
      destination: overrides.destination ?? {
        server: kube.clusters.dev.url,
        namespace: 'team-a',
      },
      syncPolicy: overrides.syncPolicy ?? {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
        managedNamespaceMetadata: {
          labels: { 'eks.platform/owner': 'team-a' },
        },
      },
    },
  };
}

const app = (name: string) =>
  argo.applications().find(a => a.metadata.name === name) as Application;
const admin = () => kube.clusters.dev.adminClient;
const get = (apiVersion: string, kind: string, name: string) =>
  admin()
    .get(apiVersion, kind, 'team-a', name)
    .catch(() => undefined);
const syncedAndHealthy = (name: string) => () => {
  const a = app(name);
  return (
    a?.status.sync.status === 'Synced' &&
    a.status.health.status === 'Healthy' &&
    a.status.operationState?.phase === 'Succeeded' &&
    a
  );
};

describe('Argo CD simulator deploying to a real API server', () => {
  it('renders the chart with the real Helm, applies it by waves with server-side apply, and reports Synced and Healthy from live objects', async () => {
    await api('POST', '/applications', shopApp('shop-dev'));
    const synced = await eventually(
      'shop-dev Synced and Healthy',
      syncedAndHealthy('shop-dev'),
    );
    const [chartCommit, gitopsCommit] = synced.status.sync.revisions!;
    expect(chartCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(gitopsCommit).toMatch(/^[0-9a-f]{40}$/);

    const namespace = await admin().get('v1', 'Namespace', undefined, 'team-a');
    expect(namespace.metadata.labels?.['eks.platform/owner']).toBe('team-a');
    const config = await get('v1', 'ConfigMap', 'shop-config');
    // values.yaml, then the GitOps values ($values); values-dev.yaml is missing and ignored.
    expect(config?.data).toEqual({
      environment: 'dev',
      kubeVersion: kube.clusters.dev.version,
      serviceMonitors: 'true',
    });
    const deployment = await get('apps/v1', 'Deployment', 'shop');
    expect(deployment?.spec.template.spec.containers[0].image).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:2',
    );
    expect(
      deployment?.metadata.annotations?.['argocd.argoproj.io/tracking-id'],
    ).toBe('shop-dev:apps/Deployment:team-a/shop');
    expect(
      (deployment?.metadata.managedFields as any[]).map(
        f => `${f.manager}/${f.operation}`,
      ),
    ).toContain('argocd-controller/Apply');
    // The HPA took over replicas; the workload simulator ran the pods.
    expect(deployment?.spec.replicas).toBe(3);
    expect(deployment?.status.availableReplicas).toBe(3);
    // Helm's test hook has no Argo CD phase: never applied.
    expect(
      await admin()
        .get('v1', 'Pod', 'team-a', 'shop-test')
        .catch(() => undefined),
    ).toBeUndefined();

    // Wave -1 (the ConfigMap) was applied before wave 0.
    const patches = kube.clusters.dev.requests
      .filter(r => r.method === 'PATCH' && !r.query?.includes('dryRun'))
      .map(r => r.path);
    const configAt = patches.findIndex(p =>
      p.endsWith('/configmaps/shop-config'),
    );
    const deploymentAt = patches.findIndex(p =>
      p.endsWith('/deployments/shop'),
    );
    expect(configAt).toBeGreaterThanOrEqual(0);
    expect(configAt).toBeLessThan(deploymentAt);

    const resources = synced.status.resources as any[];
    expect(resources.find(r => r.kind === 'Deployment')).toMatchObject({
      status: 'Synced',
      health: { status: 'Healthy' },
    });
    expect(
      resources.find(r => r.kind === 'HorizontalPodAutoscaler')?.health.status,
    ).toBe('Healthy');
    expect(synced.status.history).toHaveLength(1);
    expect(synced.status.operationState?.syncResult?.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'ConfigMap',
          name: 'shop-config',
          status: 'Synced',
          message: 'configmap/shop-config serverside-applied',
        }),
      ]),
    );
  });

  it('follows a merged change to the values (push webhook): OutOfSync, automated sync, rollout to the new image', async () => {
    const before = app('shop-dev').status.sync.revisions![1];
    const commit = await putFile(
      github,
      'platform/gitops',
      'apps/shop/dev/values.yaml',
      gitopsValues('dev', '3'),
    );
    const synced = await eventually('shop-dev at the new values', () => {
      const a = syncedAndHealthy('shop-dev')();
      return a && a.status.sync.revisions![1] === commit && a;
    });
    expect(before).not.toBe(commit);
    expect(synced.status.history).toHaveLength(2);
    const deployment = await get('apps/v1', 'Deployment', 'shop');
    expect(deployment?.spec.template.spec.containers[0].image).toMatch(/:3$/);
    expect(deployment?.status).toMatchObject({
      updatedReplicas: 3,
      replicas: 3,
    });
    expect(
      deployment?.metadata.annotations?.['deployment.kubernetes.io/revision'],
    ).toBe('2');
  });

  it('prunes what the chart no longer renders', async () => {
    expect(await get('v1', 'ConfigMap', 'shop-extra')).toBeDefined();
    await putFile(
      github,
      'acme/shop',
      'chart/values.yaml',
      SHOP_CHART['chart/values.yaml'].replace(
        'extraConfig: true',
        'extraConfig: false',
      ),
    );
    await eventually(
      'shop-extra pruned',
      async () => !(await get('v1', 'ConfigMap', 'shop-extra')),
    );
    const a = await eventually(
      'shop-dev synced again',
      syncedAndHealthy('shop-dev'),
    );
    expect(a.status.operationState?.syncResult?.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'shop-extra', status: 'Pruned' }),
      ]),
    );
  });

  it('heals drift: a changed live object is put back', async () => {
    await admin().mergePatch(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'shop-config', namespace: 'team-a' },
      },
      { data: { environment: 'hacked' } },
      { fieldManager: 'kubectl-edit' },
    );
    await eventually(
      'environment restored',
      async () =>
        (await get('v1', 'ConfigMap', 'shop-config'))?.data.environment ===
        'dev',
    );
    const healed = await eventually(
      'shop-dev Synced',
      syncedAndHealthy('shop-dev'),
    );
    expect(healed.status.sync.status).toBe('Synced');
  });

  it('refuses a resource its project does not permit before applying anything', async () => {
    await api(
      'POST',
      '/applications',
      shopApp('wide-dev', {
        releaseName: 'wide',
        parameters: [{ name: 'clusterWide', value: 'true' }],
      }),
    );
    const failed = await eventually('wide-dev failed', () => {
      const a = app('wide-dev');
      return a?.status.operationState?.phase === 'Failed' && a;
    });
    expect(failed.status.operationState?.message).toContain(
      'resource rbac.authorization.k8s.io:ClusterRole is not permitted in project team-a',
    );
    expect(await get('v1', 'ConfigMap', 'wide-config')).toBeUndefined();
    await api('DELETE', '/applications/wide-dev');
  });

  it('reports a value file outside the repository as a ComparisonError and applies nothing', async () => {
    await api(
      'POST',
      '/applications',
      shopApp('escape-dev', {
        releaseName: 'escape',
        valueFiles: ['../../../../../../etc/passwd'],
      }),
    );
    const a = await eventually('escape-dev ComparisonError', () => {
      const found = app('escape-dev');
      return found?.status.conditions?.[0]?.type === 'ComparisonError' && found;
    });
    expect(a.status.conditions![0].message).toContain(
      'resolved to outside repository root',
    );
    expect(a.status.sync.status).toBe('Unknown');
    expect(await get('v1', 'ConfigMap', 'escape-config')).toBeUndefined();
    await api('DELETE', '/applications/escape-dev');
  });

  it('syncs through the API an application without automated sync, and deletes its resources with it', async () => {
    await api(
      'POST',
      '/applications',
      shopApp('manual-dev', {
        releaseName: 'manual',
        syncPolicy: { syncOptions: ['CreateNamespace=true'] },
      }),
    );
    const compared = await eventually('manual-dev compared', () => {
      const a = app('manual-dev');
      return a?.status.sync.status === 'OutOfSync' && a.status.resources && a;
    });
    expect(compared.status.health.status).toBe('Missing');
    expect(await get('apps/v1', 'Deployment', 'manual')).toBeUndefined();
    await api('POST', '/applications/manual-dev/sync', {});
    await eventually(
      'manual-dev Synced and Healthy',
      syncedAndHealthy('manual-dev'),
    );
    expect(await get('apps/v1', 'Deployment', 'manual')).toBeDefined();
    await api('DELETE', '/applications/manual-dev');
    await eventually(
      'manual resources deleted',
      async () => !(await get('apps/v1', 'Deployment', 'manual')),
    );
  });

  it('applies an app-of-apps: AppProjects and Applications from the GitOps repository reach Argo CD and deploy', async () => {
    const dev = kube.clusters.dev;
    const project = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: {
        name: 'team-b',
        namespace: 'argocd',
        annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
      },
      spec: {
        sourceRepos: [chartRepo, gitopsRepo],
        destinations: [{ server: dev.url, namespace: 'team-b' }],
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      },
    };
    const child = shopApp('kiosk-dev', {
      releaseName: 'kiosk',
      destination: { server: dev.url, namespace: 'team-b' },
    });
    await putFile(
      github,
      'platform/gitops',
      'projects/team-b.yaml',
      JSON.stringify(project),
    );
    await putFile(
      github,
      'platform/gitops',
      'apps/kiosk/dev/application.yaml',
      JSON.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        ...child,
        metadata: { ...child.metadata, namespace: 'argocd' },
        spec: { ...child.spec, project: 'team-b' },
      }),
    );
    await api('POST', '/applications', {
      metadata: { name: 'root' },
      spec: {
        project: 'default',
        source: {
          repoURL: gitopsRepo,
          targetRevision: 'main',
          path: '.',
          directory: {
            recurse: true,
            include: '{projects/*.yaml,apps/*/*/application.yaml}',
          },
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'argocd',
        },
        syncPolicy: { automated: { selfHeal: true } },
      },
    });
    await eventually('root Synced', syncedAndHealthy('root'));
    expect(argo.projects().map(p => p.metadata.name)).toContain('team-b');
    await eventually(
      'kiosk-dev Synced and Healthy',
      syncedAndHealthy('kiosk-dev'),
    );
    expect(
      await admin().get('apps/v1', 'Deployment', 'team-b', 'kiosk'),
    ).toBeDefined();
    await deleteFile(
      github,
      'platform/gitops',
      'apps/kiosk/dev/application.yaml',
    );
    // Without prune, the root app reports the removed Application as requiring pruning.
    await eventually(
      'root OutOfSync',
      () => app('root')?.status.sync.status === 'OutOfSync',
    );
  });
});
