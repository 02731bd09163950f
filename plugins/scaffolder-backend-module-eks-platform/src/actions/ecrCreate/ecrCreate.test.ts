import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  EcrSimulator,
  startEcrSimulator,
} from '@internal/eks-platform-sandbox';
import {
  closedPortUrl,
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import {
  ALICE,
  TEAM_A,
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createEcrCreateAction } from './ecrCreate';

const ACCOUNT = '123456789012';
const SECRET = 'sandbox-aws-secret';
const MARKER_TAGS = [
  { Key: 'eks.platform/entity-ref', Value: 'component:default/payments-api' },
  { Key: 'eks.platform/owner-ref', Value: TEAM_A },
];

function configData(endpoint: string, secret = SECRET, account = ACCOUNT) {
  return withPlatformTrust({
    aws: {
      accounts: [
        {
          accountId: ACCOUNT,
          accessKeyId: 'AKIASANDBOXEXAMPLE01',
          secretAccessKey: secret,
        },
      ],
    },
    eksPlatform: { ecr: { region: 'eu-west-1', accountId: account, endpoint } },
  });
}

/** A context for a member of team-a, the owner of every repository here. */
const run = (input: object, options: { dryRun?: boolean; store?: any } = {}) =>
  createTestContext({ owner: TEAM_A, ...input } as any, {
    user: ALICE,
    ...options,
  });

describe('eks:ecr:create', () => {
  let sim: EcrSimulator;

  beforeEach(async () => {
    sim = await startEcrSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  function setup(
    overrides: { endpoint?: string; secret?: string; account?: string } = {},
  ) {
    const { auditor, events } = createRecordingAuditor();
    const { policy, delays } = testCallPolicy();
    const data = configData(
      overrides.endpoint ?? sim.url,
      overrides.secret,
      overrides.account,
    );
    const action = createEcrCreateAction({
      config: new ConfigReader(data),
      auditor,
      callPolicy: policy,
      ...testTrust(data),
    });
    return { action, events, delays };
  }

  const totalCalls = () =>
    [...sim.operationCounts.values()].reduce((a, b) => a + b, 0);

  it('creates a repository with scan on push, immutable tags, lifecycle policy, pull policy and tags', async () => {
    const { action, events } = setup();
    const { ctx, outputs, logs } = run({
      repositoryName: 'team/payments-api',
      pullAccountIds: ['210987654321'],
      tags: { team: 'payments' },
    });
    await action.handler(ctx);

    expect(outputs).toEqual({
      repositoryUri: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/team/payments-api`,
      repositoryArn: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/payments-api`,
      registryId: ACCOUNT,
    });
    const [state] = sim.repositories() as any[];
    expect(state.imageTagMutability).toBe('IMMUTABLE');
    expect(state.imageScanningConfiguration.scanOnPush).toBe(true);
    expect(state.encryptionConfiguration.encryptionType).toBe('AES256');
    expect(JSON.parse(state.lifecyclePolicyText).rules).toEqual([
      expect.objectContaining({
        selection: expect.objectContaining({
          tagStatus: 'untagged',
          countNumber: 7,
        }),
      }),
      expect.objectContaining({
        selection: expect.objectContaining({
          tagStatus: 'tagged',
          countNumber: 30,
        }),
      }),
    ]);
    expect(JSON.parse(state.policyText).Statement[0].Principal.AWS).toEqual([
      'arn:aws:iam::210987654321:root',
    ]);
    expect(state.tags).toEqual([
      { Key: 'team', Value: 'payments' },
      ...MARKER_TAGS,
    ]);
    expect(events.map(e => `${e.eventId}:${e.outcome}`)).toEqual([
      'ecr-repository-create:success',
      'ecr-lifecycle-policy-create:success',
      'ecr-repository-policy-create:success',
    ]);
    expect(logs.join('\n')).toContain('Created ECR repository');
  });

  it('is idempotent: a second run succeeds, writes nothing and leaves one repository', async () => {
    const { action, events } = setup();
    const input = {
      repositoryName: 'payments',
      pullAccountIds: ['210987654321'],
      tags: { team: 'payments' },
    };
    await action.handler(run(input).ctx);
    const firstEvents = events.length;
    const second = run(input);
    await action.handler(second.ctx);

    expect(sim.repositories()).toHaveLength(1);
    expect(events.length).toBe(firstEvents);
    expect(sim.operationCounts.get('CreateRepository')).toBe(1);
    expect(sim.operationCounts.get('PutLifecyclePolicy')).toBe(1);
    expect(sim.operationCounts.get('SetRepositoryPolicy')).toBe(1);
    expect(second.outputs.repositoryUri).toContain('/payments');
    expect(second.logs.join('\n')).toContain('already exists');
  });

  it('reconciles an existing repository to a changed spec instead of failing', async () => {
    const { action, events } = setup();
    await action.handler(
      run({
        repositoryName: 'payments',
        scanOnPush: false,
        imageTagMutability: 'MUTABLE',
      }).ctx,
    );
    const changed = run({
      repositoryName: 'payments',
      lifecyclePolicy: { keepTaggedImages: 50, expireUntaggedAfterDays: 3 },
      pullAccountIds: ['210987654321'],
      tags: { team: 'payments' },
      encryption: { type: 'KMS' as const },
    });
    await action.handler(changed.ctx);

    const [state] = sim.repositories() as any[];
    expect(state.imageTagMutability).toBe('IMMUTABLE');
    expect(state.imageScanningConfiguration.scanOnPush).toBe(true);
    expect(
      JSON.parse(state.lifecyclePolicyText).rules[1].selection.countNumber,
    ).toBe(50);
    expect(state.policyText).toBeDefined();
    expect(events.map(e => e.eventId)).toEqual(
      expect.arrayContaining([
        'ecr-repository-update',
        'ecr-lifecycle-policy-update',
        'ecr-repository-policy-create',
        'ecr-repository-tag',
      ]),
    );
    // Encryption cannot change after creation: warn, do not fail.
    expect(changed.logs.join('\n')).toMatch(/warn: .*cannot change encryption/);

    // pullAccountIds: [] removes the policy again.
    await action.handler(
      run({ repositoryName: 'payments', pullAccountIds: [] }).ctx,
    );
    expect((sim.repositories() as any[])[0].policyText).toBeUndefined();
  });

  it('makes no call in dry run and returns plausible outputs', async () => {
    const { action } = setup();
    const { ctx, outputs } = run(
      { repositoryName: 'payments' },
      { dryRun: true },
    );
    await action.handler(ctx);
    expect(totalCalls()).toBe(0);
    expect(outputs.repositoryUri).toBe(
      `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/payments`,
    );
    expect(outputs.registryId).toBe(ACCOUNT);
  });

  it.each([
    [{ repositoryName: 'Payments' }, /repositoryName.*lowercase/],
    [{ repositoryName: '../etc' }, /repositoryName/],
    [{ repositoryName: 'ok', accountId: '12345' }, /accountId.*12 digits/],
    [{ repositoryName: 'ok', region: 'mars-1' }, /region/],
    [
      {
        repositoryName: 'ok',
        encryption: { type: 'AES256', kmsKey: 'alias/x' },
      },
      /kmsKey.*KMS/,
    ],
    [
      {
        repositoryName: 'ok',
        encryption: { type: 'KMS', kmsKey: 'not a key' },
      },
      /kmsKey/,
    ],
    [
      { repositoryName: 'ok', lifecyclePolicy: { keepTaggedImages: 0 } },
      /keepTaggedImages/,
    ],
    [{ repositoryName: 'ok', pullAccountIds: ['1'] }, /pullAccountIds\[0\]/],
    [{ repositoryName: 'ok', tags: { 'aws:owner': 'x' } }, /tag key/],
    [
      { repositoryName: 'ok', imageTagMutability: 'SOMETIMES' },
      /imageTagMutability/,
    ],
  ])('rejects bad input %j before any call', async (input, message) => {
    const { action } = setup();
    const { ctx } = run(input as any);
    const error = await action.handler(ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(totalCalls()).toBe(0);
  });

  it.each([
    [400, 'InvalidParameterException', 1],
    [403, 'AccessDeniedException', 1],
    [404, 'HTTP 404', 1],
    [409, 'HTTP 409', 1],
    [500, 'ServerException', 3],
    [503, 'ServiceUnavailableException', 3],
  ])(
    'reports HTTP %d from CreateRepository with upstream, operation and advice (%s)',
    async (status, code, attempts) => {
      const { action } = setup();
      sim.setFailure({ operation: 'CreateRepository', status });
      const { ctx, logs } = run({ repositoryName: 'payments' });
      const error = await action.handler(ctx).catch(e => e);
      expect(error.name).toBe('UpstreamError');
      expect(error.message).toContain(
        'AWS ECR failed to create repository "payments"',
      );
      expect(error.message).toContain(`HTTP ${status}`);
      expect(error.message).toContain(code);
      expect(sim.operationCounts.get('CreateRepository')).toBe(attempts);
      expect(logs.join('\n')).toContain('Already in place: nothing');
    },
  );

  it('explains a 401 from AWS (bad credentials) without leaking the secret', async () => {
    const { action } = setup({ secret: 'wrong-secret-value' });
    const { ctx, logs, outputs } = run({
      repositoryName: 'payments',
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error.name).toBe('UpstreamError');
    expect(error.message).toMatch(
      /AWS ECR failed to describe repository "payments" \(HTTP 40\d InvalidSignatureException\).*check the secret access key in aws.accounts/,
    );
    const everything = [error.message, ...logs, JSON.stringify(outputs)].join(
      '\n',
    );
    expect(everything).not.toContain('wrong-secret-value');
    expect(everything).not.toContain(SECRET);
  });

  it('retries 429 honouring Retry-After, then succeeds', async () => {
    const { action, delays } = setup();
    sim.setFailure({
      operation: 'CreateRepository',
      status: 429,
      retryAfterSeconds: 2,
      times: 1,
    });
    const { ctx, outputs } = run({ repositoryName: 'payments' });
    await action.handler(ctx);
    expect(delays).toEqual([2000]);
    expect(sim.operationCounts.get('CreateRepository')).toBe(2);
    expect(outputs.repositoryArn).toContain('repository/payments');
  });

  it('gives up after bounded retries when AWS keeps throttling', async () => {
    const { action, delays } = setup();
    sim.setFailure({ operation: 'PutLifecyclePolicy', status: 429 });
    const { ctx, logs } = run({ repositoryName: 'payments' });
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toMatch(
      /put lifecycle policy.*HTTP 429 ThrottlingException.*rate limiting/,
    );
    expect(delays).toHaveLength(2);
    expect(sim.operationCounts.get('PutLifecyclePolicy')).toBe(3);
    expect(logs.join('\n')).toContain('Already in place: repository');
  });

  it('times out a hung call and says so', async () => {
    const { action } = setup();
    sim.setFailure({ operation: 'DescribeRepositories', hang: true });
    const { ctx } = run({ repositoryName: 'payments' });
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toContain(
      'AWS ECR failed to describe repository "payments" (TIMEOUT)',
    );
    expect(error.message).toContain('did not answer in time');
  });

  it('reports a network failure with what to check', async () => {
    const { action } = setup({ endpoint: await closedPortUrl() });
    const { ctx } = run({ repositoryName: 'payments' });
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toMatch(
      /AWS ECR failed to describe repository "payments" \(ECONNREFUSED\)/,
    );
    expect(error.message).toContain('could not be reached');
  });

  it('asks for an aws.accounts entry when the registry account has no credentials', async () => {
    const { action } = setup({ account: '999999999999' });
    const { ctx } = run({ repositoryName: 'payments' });
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toContain(
      'Add account 999999999999 to aws.accounts[]',
    );
  });

  it('resumes after a crash without creating twice (checkpoints replay)', async () => {
    const { action } = setup();
    const store = new Map();
    sim.setFailure({ operation: 'PutLifecyclePolicy', status: 500 });
    await expect(
      action.handler(run({ repositoryName: 'payments' }, { store }).ctx),
    ).rejects.toThrow();
    sim.clearFailures();
    const resumed = run({ repositoryName: 'payments' }, { store });
    await action.handler(resumed.ctx);
    expect(sim.operationCounts.get('CreateRepository')).toBe(1);
    expect(resumed.outputs.repositoryUri).toContain('/payments');
  });
});
