import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AddressInfo } from 'node:net';
import {
  ClusterAccess,
  GitHubAccess,
  mergeWhenOpen,
  runReleaseWorkflow,
  Sandbox,
  serviceInCluster,
  startSandbox,
  waitUntilRunning,
} from '@internal/eks-platform-sandbox';
import {
  SANDBOX_GUEST,
  goldenPathValues,
  platformConfig,
} from '../harness/platformConfig';
import { ScaffolderClient, waitForEntity } from '../harness/scaffolderClient';
import { platformFeatures } from '../harness/platformFeatures';
import { environmentValues } from '../harness/environmentValues';

/*
 * Issue 12, without the browser: the golden path through the real
 * scaffolder registers a service; once the registration pull request is
 * merged in the sandbox's GitHub, the sandbox's Argo CD renders the
 * generated chart with the real Helm for each environment and applies it
 * to that environment's real API server, and the workload simulator runs
 * it. A release then goes through the generated repository's own
 * promotion script (dev merged at once, stage and prod reviewed). Each
 * cluster must hold the Deployment, HPA, PDB, pods in three zones and the
 * ingress in the team's namespace, with that environment's values.
 */
jest.setTimeout(900_000);

const SERVICE = 'cart-api';
const NAMESPACE = 'commerce';
const ENVIRONMENTS = ['dev', 'stage', 'prod'];

/** `<app> <sync>/<health>` of the service's Applications, once all are Synced and Healthy (or after 30 s). */
async function argoCdStates(sandbox: Sandbox): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const states = ENVIRONMENTS.map(env => {
      const app = sandbox.argocd
        .applications()
        .find(a => a.metadata.name === `${SERVICE}-${env}`);
      const unhealthy = ((app?.status.resources ?? []) as any[])
        .filter(r => r.health && r.health.status !== 'Healthy')
        .map(
          r =>
            ` (${r.kind} ${r.name}: ${r.health.status} ${
              r.health.message ?? ''
            })`,
        )
        .join('');
      return `${SERVICE}-${env} ${app?.status.sync.status}/${
        app?.status.health.status
      }${app?.status.health.status === 'Healthy' ? '' : unhealthy}`;
    });
    if (
      states.every(s => s.endsWith('Synced/Healthy')) ||
      Date.now() > deadline
    )
      return states;
    await new Promise(r => setTimeout(r, 500));
  }
}

describe('a service created through the golden path runs in dev, stage and prod', () => {
  let sandbox: Sandbox;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let baseUrl: string;
  // The sandbox's guest, a member of team-commerce (the service's owner).
  const auth = mockCredentials.user.header(SANDBOX_GUEST.userEntityRef);

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: 'random',
      prometheus: false,
      traces: false,
      control: false,
    });
    backend = await startTestBackend({
      features: [
        ...platformFeatures(),
        mockServices.rootConfig.factory({ data: platformConfig(sandbox) }),
      ],
    });
    baseUrl = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }`;
    await waitForEntity(baseUrl, auth, 'template:default/eks-service', 60_000);
    await waitForEntity(baseUrl, auth, SANDBOX_GUEST.userEntityRef, 60_000);
  }, 300_000);

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  it('deploys with each environment’s values, then promotes a release through all three', async () => {
    const github: GitHubAccess = {
      apiBaseUrl: sandbox.urls.githubApi,
      token: sandbox.tokens.github,
    };
    const clusters: ClusterAccess[] = ENVIRONMENTS.map(name => ({
      name,
      url: sandbox.clusters[name].url,
      caPem: sandbox.clusters[name].caPem,
      token: sandbox.clusters[name].token,
    }));
    const timings: Record<string, number> = {};
    const started = Date.now();

    const scaffolder = new ScaffolderClient(baseUrl, auth);
    const task = await scaffolder.waitForTask(
      await scaffolder.createTask('template:default/eks-service', {
        ...goldenPathValues(sandbox, SERVICE),
        ingressMode: 'internal',
        ingressHost: 'cart.shop.example.com',
        certificateArn:
          'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      }),
      300_000,
    );
    expect({
      status: task.status,
      log: task.status === 'completed' ? [] : task.log,
    }).toEqual({
      status: 'completed',
      log: [],
    });
    timings.taskCompleted = Date.now() - started;

    // A platform reviewer merges the registration pull request.
    await mergeWhenOpen(
      github,
      'platform/gitops',
      `backstage/eks-platform/${SERVICE}`,
    );
    const registered = await waitUntilRunning(clusters, NAMESPACE, SERVICE, {
      timeoutMs: 300_000,
    });
    timings.runningInThreeClusters = Date.now() - started;

    for (const state of registered) {
      const values = await environmentValues(github, {
        serviceRepository: `acme/${SERVICE}`,
        gitopsRepository: 'platform/gitops',
        service: SERVICE,
        environment: state.cluster,
      });
      expect({ cluster: state.cluster, zones: state.zones }).toEqual({
        cluster: state.cluster,
        zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      });
      expect(state.hpa).toMatchObject({
        minReplicas: values.autoscaling.minReplicas,
        maxReplicas: values.autoscaling.maxReplicas,
      });
      expect(state.deployment!.replicas).toBe(values.autoscaling.minReplicas);
      const budget = values.podDisruptionBudget ?? {};
      expect(state.pdb).toMatchObject(
        Object.fromEntries(
          ['minAvailable', 'maxUnavailable']
            .filter(k => budget[k] !== undefined)
            .map(k => [k, budget[k]]),
        ),
      );
      expect(state.deployment!.images).toEqual([
        `${values.image.repository}:${values.image.tag}`,
      ]);
      const admin = sandbox.clusters[state.cluster].adminClient;
      const serviceAccounts = await admin.list(
        'v1',
        'ServiceAccount',
        NAMESPACE,
        {
          labelSelector: `backstage.io/kubernetes-id=${SERVICE}`,
        },
      );
      expect(
        serviceAccounts.items[0]?.metadata.annotations?.[
          'eks.amazonaws.com/role-arn'
        ],
      ).toBe(values.serviceAccount.roleArn);
      const ingresses = await admin.list(
        'networking.k8s.io/v1',
        'Ingress',
        NAMESPACE,
        {
          labelSelector: `backstage.io/kubernetes-id=${SERVICE}`,
        },
      );
      expect(ingresses.items.map(i => i.spec?.rules?.[0]?.host)).toEqual([
        values.ingress.host,
      ]);
      const ingress = ingresses.items[0];
      expect(
        ingress.spec?.ingressClassName ??
          ingress.metadata.annotations?.['kubernetes.io/ingress.class'],
      ).toBe('alb');
      // The load balancer controller's part: Argo CD counts the ingress healthy.
      expect(ingress.status?.loadBalancer?.ingress?.[0]?.hostname).toMatch(
        /elb\.amazonaws\.com$/,
      );
    }
    // Argo CD sees the same from the live objects (it re-reads them every 2 s).
    expect(await argoCdStates(sandbox)).toEqual(
      ENVIRONMENTS.map(env => `${SERVICE}-${env} Synced/Healthy`),
    );
    // The three environments differ where their values do.
    expect(
      new Set(registered.map(s => s.deployment!.labels.environment)).size,
    ).toBe(3);

    const release = await runReleaseWorkflow({
      github,
      repository: `acme/${SERVICE}`,
      argocd: { url: sandbox.urls.argocd, token: sandbox.tokens.argocd },
    });
    expect(release.jobs.map(j => [j.environment, j.reviewed])).toEqual([
      ['dev', false],
      ['stage', true],
      ['prod', true],
    ]);
    const promoted = await waitUntilRunning(clusters, NAMESPACE, SERVICE, {
      imageTag: release.imageTag,
      timeoutMs: 300_000,
    });
    timings.releasedToThreeClusters = Date.now() - started;
    for (const state of promoted) {
      expect(state.deployment!.images[0]).toMatch(
        new RegExp(`:${release.imageTag}$`),
      );
      expect(state.zones).toHaveLength(3);
    }
    // Read again through each cluster: the rollout left nothing of the old image.
    for (const cluster of clusters) {
      expect(
        (await serviceInCluster(cluster, NAMESPACE, SERVICE, release.imageTag))
          .running,
      ).toBe(true);
    }
    // eslint-disable-next-line no-console
    console.log(
      `golden path through the sandbox: task ${(
        timings.taskCompleted / 1000
      ).toFixed(1)} s, running in three clusters ${(
        timings.runningInThreeClusters / 1000
      ).toFixed(1)} s, release promoted to three clusters ${(
        timings.releasedToThreeClusters / 1000
      ).toFixed(1)} s`,
    );
  });
});
