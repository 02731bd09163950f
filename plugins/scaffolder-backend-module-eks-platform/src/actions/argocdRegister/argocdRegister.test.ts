import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ArgoCdSimulator,
  startArgoCdSimulator,
} from '@internal/eks-platform-sandbox';
import {
  closedPortUrl,
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import { createArgoCdRegisterAction } from './argocdRegister';

const TOKEN = 'sandbox-argocd-token';

describe('eks:argocd:register (api mode)', () => {
  let sim: ArgoCdSimulator;

  beforeEach(async () => {
    sim = await startArgoCdSimulator({
      reconcileDelayMs: 10,
      projects: [
        {
          metadata: { name: 'payments' },
          spec: {
            sourceRepos: ['*'],
            destinations: [
              { server: '*', namespace: '*' },
              { name: '*', namespace: '*' },
            ],
          },
        } as any,
      ],
    });
  });
  afterEach(async () => {
    await sim.close();
  });

  function setup(options: { url?: string; token?: string } = {}) {
    const { auditor, events } = createRecordingAuditor();
    const { policy, delays } = testCallPolicy();
    const config = new ConfigReader({
      eksPlatform: {
        argocd: {
          instances: [
            {
              name: 'main',
              url: options.url ?? sim.url,
              token: options.token ?? TOKEN,
              uiUrl: 'https://argocd.example.com',
            },
            {
              name: 'other',
              url: 'http://127.0.0.1:1',
              token: 'other-token-value',
            },
          ],
        },
      },
    });
    const action = createArgoCdRegisterAction({
      config,
      auditor,
      callPolicy: policy,
    });
    return { action, events, delays };
  }

  const input = {
    mode: 'api' as const,
    name: 'payments-api',
    project: 'payments',
    namespace: 'payments',
    environments: ['dev', 'prod'],
    chartRepoUrl: 'https://github.com/acme/payments-api.git',
    destination: { prod: { name: 'prod-eu-west-1' } },
  };
  const writes = () =>
    [...sim.requestCounts.entries()]
      .filter(([k]) => /^(POST|PUT|DELETE)/.test(k))
      .reduce((n, [, v]) => n + v, 0);

  it('creates one application per environment with project, destination, sync policy and value files', async () => {
    const { action, events } = setup();
    const { ctx, outputs, logs } = createTestContext(input);
    await action.handler(ctx);

    const apps = sim.applications();
    expect(apps.map(a => a.metadata.name).sort()).toEqual([
      'payments-api-dev',
      'payments-api-prod',
    ]);
    const prod = apps.find(a => a.metadata.name === 'payments-api-prod')!;
    expect(prod.spec.project).toBe('payments');
    expect(prod.spec.destination).toEqual({
      name: 'prod-eu-west-1',
      namespace: 'payments',
    });
    expect((prod.spec as any).source.helm.valueFiles).toEqual([
      'values.yaml',
      'values-prod.yaml',
    ]);
    expect((prod.spec as any).syncPolicy.automated).toEqual({
      prune: true,
      selfHeal: true,
    });
    const dev = apps.find(a => a.metadata.name === 'payments-api-dev')!;
    expect(dev.spec.destination).toEqual({
      server: 'https://kubernetes.default.svc',
      namespace: 'payments',
    });
    expect(outputs).toEqual({
      applicationNames: ['payments-api-dev', 'payments-api-prod'],
      url: 'https://argocd.example.com/applications?labels=app.kubernetes.io%2Fname%3Dpayments-api',
      applicationUrls: {
        dev: 'https://argocd.example.com/applications/argocd/payments-api-dev',
        prod: 'https://argocd.example.com/applications/argocd/payments-api-prod',
      },
    });
    expect(events.map(e => `${e.eventId}:${e.outcome}`)).toEqual([
      'argocd-application-create:success',
      'argocd-application-create:success',
    ]);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('is idempotent: a second run writes nothing and leaves one application per environment', async () => {
    const { action, events } = setup();
    await action.handler(createTestContext(input).ctx);
    const writesAfterFirst = writes();
    const second = createTestContext(input);
    await action.handler(second.ctx);
    expect(writes()).toBe(writesAfterFirst);
    expect(sim.applications()).toHaveLength(2);
    expect(events).toHaveLength(2);
    expect(second.logs.join('\n')).toContain('already exists with this spec');
  });

  it('updates an application whose spec changed (upsert)', async () => {
    const { action, events } = setup();
    await action.handler(createTestContext(input).ctx);
    await action.handler(
      createTestContext({
        ...input,
        environments: ['dev'],
        destination: {},
        syncPolicy: { automated: false },
        targetRevision: 'v2',
      }).ctx,
    );
    const dev = sim
      .applications()
      .find(a => a.metadata.name === 'payments-api-dev')!;
    expect((dev.spec as any).syncPolicy.automated).toBeUndefined();
    expect((dev.spec as any).source.targetRevision).toBe('v2');
    expect(events.map(e => e.eventId)).toContain('argocd-application-update');
  });

  it('makes no call in dry run', async () => {
    const { action } = setup();
    const { ctx, outputs } = createTestContext(input, { dryRun: true });
    await action.handler(ctx);
    expect([...sim.requestCounts.values()].reduce((a, b) => a + b, 0)).toBe(0);
    expect(outputs.applicationNames).toEqual([
      'payments-api-dev',
      'payments-api-prod',
    ]);
  });

  it.each([
    [{ name: 'Payments' }, /"name"/],
    [{ environments: [] }, /environments/],
    [{ environments: ['dev', 'dev'] }, /listed twice/],
    [{ namespace: 'kube_system' }, /namespace/],
    [{ chartRepoUrl: 'file:///etc/passwd' }, /chartRepoUrl/],
    [{ chartRepoUrl: 'https://user:pw@github.com/a/b.git' }, /credentials/],
    [{ chartPath: '../../secrets' }, /chartPath/],
    [{ destination: { qa: { server: 'https://x' } } }, /destination.qa/],
    [{ destination: { dev: { server: 'https://x', name: 'y' } } }, /not both/],
    [
      { instance: 'nope' },
      /not a configured Argo CD instance.*"main", "other"/,
    ],
    [{ mode: 'push' }, /mode/],
  ])('rejects bad input %j before any call', async (bad, message) => {
    const { action } = setup();
    const error = await action
      .handler(createTestContext({ ...input, ...bad } as any).ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(sim.requestCounts.size).toBe(0);
  });

  it('explains a missing project', async () => {
    const { action } = setup();
    const error = await action
      .handler(createTestContext({ ...input, project: 'nope' }).ctx)
      .catch(e => e);
    expect(error.message).toMatch(
      /Argo CD failed to read project "nope" \(HTTP 404\): .*not found/,
    );
  });

  it.each([
    [400, false],
    [403, false],
    [404, false],
    [409, false],
    [500, true],
    [503, true],
  ])(
    'reports HTTP %d from create with upstream, operation, message and advice',
    async (status, retried) => {
      const { action } = setup();
      sim.setFailure({ operation: 'createApplication', status });
      const { ctx, logs } = createTestContext(input);
      const error = await action.handler(ctx).catch(e => e);
      expect(error.name).toBe('UpstreamError');
      expect(error.message).toContain(
        `Argo CD failed to create application "payments-api-dev" (HTTP ${status})`,
      );
      expect(error.message).toContain('simulated failure');
      expect(sim.requestCounts.get('POST /api/v1/applications')).toBe(
        retried ? 3 : 1,
      );
      expect(logs.join('\n')).toContain('Already in place: nothing');
    },
  );

  it('explains a rejected token (401) without printing it', async () => {
    const { action } = setup({ token: 'wrong-token-123456' });
    const { ctx, logs } = createTestContext(input);
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toMatch(
      /HTTP 401.*renew eksPlatform.argocd.instances\[\].token/,
    );
    expect([error.message, ...logs].join('\n')).not.toContain(
      'wrong-token-123456',
    );
  });

  it('retries 429 honouring Retry-After', async () => {
    const { action, delays } = setup();
    sim.setFailure({
      operation: 'getApplication',
      status: 429,
      retryAfterSeconds: 3,
      times: 1,
    });
    await action.handler(createTestContext(input).ctx);
    expect(delays).toEqual([3000]);
    expect(sim.applications()).toHaveLength(2);
  });

  it('reports which applications exist when a later environment fails', async () => {
    const { action } = setup();
    await action.handler(
      createTestContext({ ...input, environments: ['dev'], destination: {} })
        .ctx,
    );
    sim.setFailure({ operation: 'createApplication', status: 403 });
    const { ctx, logs } = createTestContext(input);
    await expect(action.handler(ctx)).rejects.toThrow(
      /create application "payments-api-prod" \(HTTP 403\)/,
    );
    expect(logs.join('\n')).toContain(
      'Already in place: application payments-api-dev (unchanged)',
    );
  });

  it('times out a hung call', async () => {
    const { action } = setup();
    sim.setFailure({ operation: 'getProject', hang: true });
    const error = await action
      .handler(createTestContext(input).ctx)
      .catch(e => e);
    expect(error.message).toContain(
      'Argo CD failed to read project "payments" (TIMEOUT)',
    );
  });

  it('reports an unreachable instance', async () => {
    const { action } = setup({ url: await closedPortUrl() });
    const error = await action
      .handler(createTestContext(input).ctx)
      .catch(e => e);
    expect(error.message).toMatch(
      /Argo CD failed to read project "payments" \(ECONNREFUSED\).*could not be reached/,
    );
  });
});
