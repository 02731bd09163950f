import {
  ArgoCdPlatform,
  ECR_HOST,
  MEMBER_OF_A,
  TEAM_A,
  argocdTrust,
  createArgoCdAction,
  platformConfigData,
  serviceInput,
  startArgoCdPlatform,
  writeCounts,
} from '../../__testUtils__/argocdPlatform';
import {
  closedPortUrl,
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import { createArgoCdRegisterAction } from './argocdRegister';

// The GitHub simulator (read for the GitOps clone URL) runs real git.
jest.setTimeout(30_000);

/*
 * api mode against the Argo CD simulator: the team's AppProject and one
 * Application per platform environment, everything from config.
 */
describe('eks:argocd:register (api mode)', () => {
  let platform: ArgoCdPlatform;
  beforeEach(async () => {
    platform = await startArgoCdPlatform();
  });
  afterEach(() => platform.close());

  const input = (name = 'cart', extra: Record<string, unknown> = {}) =>
    serviceInput(platform, name, { mode: 'api', ...extra });
  const app = (name: string) =>
    platform.argocd.applications().find(a => a.metadata.name === name)!;
  const project = (name: string) =>
    platform.argocd.projects().find(p => p.metadata.name === name)!;

  it("creates the team's project and an Application per environment, each on its environment's cluster and namespace", async () => {
    const { action, events } = createArgoCdAction(platform);
    const { ctx, outputs } = createTestContext(input());
    await action.handler(ctx);

    const gitops = `${platform.github.url}/git/platform/gitops.git`;
    const chart = `${platform.github.url}/git/acme/cart.git`;
    expect(project('team-a').spec).toMatchObject({
      sourceRepos: [chart, gitops],
      destinations: [
        { server: 'https://dev.eks.example.com', namespace: 'team-a' },
        { name: 'stage-eu-west-1', namespace: 'team-a' },
        { server: 'https://prod.eks.example.com', namespace: 'team-a' },
      ],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
    });
    expect(project('team-a').metadata.annotations).toMatchObject({
      'eks.platform/entity-ref': TEAM_A,
      'eks.platform/owner-ref': TEAM_A,
      'argocd.argoproj.io/sync-wave': '-1',
    });

    expect(platform.argocd.applications().map(a => a.metadata.name)).toEqual([
      'cart-dev',
      'cart-prod',
      'cart-stage',
    ]);
    const dev = app('cart-dev');
    expect(dev.spec.project).toBe('team-a');
    expect(dev.spec.destination).toEqual({
      server: 'https://dev.eks.example.com',
      namespace: 'team-a',
    });
    expect(app('cart-stage').spec.destination).toEqual({
      name: 'stage-eu-west-1',
      namespace: 'team-a',
    });
    expect(app('cart-prod').spec.destination).toEqual({
      server: 'https://prod.eks.example.com',
      namespace: 'team-a',
    });
    expect(dev.spec.sources).toEqual([
      {
        repoURL: chart,
        targetRevision: 'main',
        path: 'chart',
        helm: {
          releaseName: 'cart',
          valueFiles: [
            'values.yaml',
            'values-dev.yaml',
            '$values/apps/cart/dev/values.yaml',
          ],
          ignoreMissingValueFiles: true,
        },
      },
      { repoURL: gitops, targetRevision: 'main', ref: 'values' },
    ]);
    // dev deploys on merge and heals; promoted environments never prune on their own.
    expect(dev.spec.syncPolicy).toMatchObject({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true', 'PruneLast=true'],
      managedNamespaceMetadata: {
        labels: {
          'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
          'eks.platform/owner': 'team-a',
        },
      },
    });
    expect(app('cart-prod').spec.syncPolicy?.automated).toEqual({
      prune: false,
      selfHeal: true,
    });
    expect(dev.metadata.annotations).toMatchObject({
      'eks.platform/entity-ref': 'component:default/cart',
      'eks.platform/owner-ref': TEAM_A,
      'eks.platform/promotion': 'automatic',
    });
    expect(app('cart-stage').metadata.annotations).toMatchObject({
      'eks.platform/promotion': 'pull-request',
      'eks.platform/promotes-from': 'dev',
    });
    expect(app('cart-prod').metadata.annotations).toMatchObject({
      'eks.platform/promotes-from': 'stage',
    });
    expect(dev.metadata.labels).toMatchObject({
      'eks.platform/owner': 'team-a',
      'eks.platform/service': 'cart',
    });
    expect(outputs).toMatchObject({
      applicationNames: ['cart-dev', 'cart-stage', 'cart-prod'],
      project: 'team-a',
      namespaces: { dev: 'team-a', stage: 'team-a', prod: 'team-a' },
      applicationUrls: {
        prod: 'https://argocd.example.com/applications/argocd/cart-prod',
      },
    });
    expect(events.map(e => `${e.eventId}:${e.outcome}`)).toEqual([
      'argocd-project-create:success',
      'argocd-application-create:success',
      'argocd-application-create:success',
      'argocd-application-create:success',
    ]);
  });

  it('is idempotent: a second run writes nothing', async () => {
    const { action, events } = createArgoCdAction(platform);
    await action.handler(createTestContext(input()).ctx);
    const before = writeCounts(platform);
    const second = createTestContext(input());
    await action.handler(second.ctx);
    expect(writeCounts(platform)).toEqual(before);
    expect(events).toHaveLength(4);
    expect(second.logs.join('\n')).toContain('already exists with this spec');
  });

  it("adds a second service of the team to the project without dropping the first one's repository", async () => {
    const { action, events } = createArgoCdAction(platform);
    await action.handler(createTestContext(input('cart')).ctx);
    await action.handler(
      createTestContext(input('orders', { environments: ['dev'] })).ctx,
    );
    expect(project('team-a').spec.sourceRepos).toEqual([
      `${platform.github.url}/git/acme/cart.git`,
      `${platform.github.url}/git/platform/gitops.git`,
      `${platform.github.url}/git/acme/orders.git`,
    ]);
    expect(project('team-a').spec.destinations).toHaveLength(3);
    expect(events.map(e => e.eventId)).toContain('argocd-project-update');
  });

  it("deploys into another of the team's namespaces when asked, and reconciles a changed spec", async () => {
    const { action, events } = createArgoCdAction(platform);
    await action.handler(createTestContext(input()).ctx);
    await action.handler(
      createTestContext(
        input('cart', { namespace: 'team-a-batch', targetRevision: 'v2' }),
      ).ctx,
    );
    expect(app('cart-prod').spec.destination.namespace).toBe('team-a-batch');
    expect(app('cart-prod').spec.sources?.[0].targetRevision).toBe('v2');
    expect(
      project('team-a').spec.destinations?.filter(
        d => d.namespace === 'team-a-batch',
      ),
    ).toHaveLength(3);
    expect(events.map(e => e.eventId)).toContain('argocd-application-update');
  });

  it('makes no upstream call in dry run, after checking the input', async () => {
    const { action } = createArgoCdAction(platform);
    const { ctx, outputs } = createTestContext(input(), { dryRun: true });
    await action.handler(ctx);
    expect(platform.argocd.requestCounts.size).toBe(0);
    expect(platform.github.requestCounts.size).toBe(0);
    expect(outputs.applicationNames).toEqual([
      'cart-dev',
      'cart-stage',
      'cart-prod',
    ]);
  });

  it('replays completed writes from checkpoints after a failure', async () => {
    const { action } = createArgoCdAction(platform);
    platform.argocd.setFailure({
      operation: 'createApplication',
      status: 403,
      times: 1,
    });
    const store = new Map();
    const first = createTestContext(input(), { store });
    await expect(action.handler(first.ctx)).rejects.toThrow(
      /create application "cart-dev" \(HTTP 403\)/,
    );
    expect(first.logs.join('\n')).toContain(
      'Already in place: project team-a.',
    );
    await action.handler(createTestContext(input(), { store }).ctx);
    expect(platform.argocd.requestCounts.get('POST /api/v1/projects')).toBe(1);
    expect(platform.argocd.applications()).toHaveLength(3);
  });

  it.each([
    [400, false],
    [403, false],
    [409, false],
    [500, true],
    [503, true],
  ])(
    'reports HTTP %d from create with upstream, operation, message and advice',
    async (status, retried) => {
      const { action } = createArgoCdAction(platform);
      platform.argocd.setFailure({ operation: 'createProject', status });
      const error = await action
        .handler(createTestContext(input()).ctx)
        .catch(e => e);
      expect(error.name).toBe('UpstreamError');
      expect(error.message).toContain(
        `Argo CD failed to create project "team-a" (HTTP ${status})`,
      );
      expect(platform.argocd.requestCounts.get('POST /api/v1/projects')).toBe(
        retried ? 3 : 1,
      );
    },
  );

  it('retries 429 honouring Retry-After', async () => {
    const { action, delays } = createArgoCdAction(platform);
    platform.argocd.setFailure({
      operation: 'getApplication',
      status: 429,
      retryAfterSeconds: 3,
      times: 1,
    });
    await action.handler(createTestContext(input()).ctx);
    expect(delays).toEqual([3000]);
    expect(platform.argocd.applications()).toHaveLength(3);
  });

  it('times out a hung call and reports an unreachable instance without its token', async () => {
    const { action } = createArgoCdAction(platform, MEMBER_OF_A, 300);
    platform.argocd.setFailure({ operation: 'getProject', hang: true });
    const hung = await action
      .handler(createTestContext(input()).ctx)
      .catch(e => e);
    expect(hung.message).toContain(
      'Argo CD failed to read project "team-a" (TIMEOUT)',
    );

    const data = platformConfigData(platform);
    data.eksPlatform.argocd.instances[0].url = await closedPortUrl();
    const unreachable = createArgoCdRegisterAction({
      ...argocdTrust(data, MEMBER_OF_A),
      auditor: createRecordingAuditor().auditor,
      callPolicy: testCallPolicy().policy,
    });
    const { ctx, logs } = createTestContext(input());
    const error = await unreachable.handler(ctx).catch(e => e);
    expect(error.message).toMatch(
      /Argo CD failed to read project "team-a" \(ECONNREFUSED\).*could not be reached/,
    );
    expect([error.message, ...logs].join('\n')).not.toContain(
      'sandbox-argocd-token',
    );
  });

  it('writes the image repository only where asked (gitops values), never into the Application', async () => {
    const { action } = createArgoCdAction(platform);
    await action.handler(createTestContext(input()).ctx);
    expect(JSON.stringify(app('cart-dev'))).not.toContain(ECR_HOST);
  });
});
