import {
  CreateRepositoryCommand,
  ECRClient,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  EcrSimulator,
  ecrSimulatorAwsConfig,
  startEcrSimulator,
} from '@internal/eks-platform-sandbox';
import {
  HostileCase,
  callerTrustCases,
  hostileRows,
  hostileTally,
} from '../../__testUtils__/hostile';
import {
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import {
  ALICE,
  BOB,
  ROOT,
  TEAM_A,
  TEAM_B,
  serviceEntity,
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createEcrCreateAction } from './ecrCreate';
import { lifecyclePolicyText, pullPolicyText } from './ecrPolicies';

/*
 * Every hostile-input class of issue 10 for eks:ecr:create, through the
 * real action against the sandbox ECR: each is refused with InputError,
 * NotAllowedError or ConflictError, and ECR receives no write request
 * (another team's lifecycle and repository policy stay as they were).
 */

const CASES: HostileCase[] = [
  ...[
    { accountId: '210987654321' },
    { accountId: '999999999999' },
    { region: 'us-east-1' },
  ].map(input => ({
    class: "registry account or region other than the platform's",
    input,
    refusal: NotAllowedError,
    message: /is not the platform's registry/,
  })),
  ...[['999999999999'], ['210987654321', '111111111111']].map(
    pullAccountIds => ({
      class: 'cross-account pull for an account not in config',
      input: { pullAccountIds },
      refusal: NotAllowedError,
      message: /may not pull images.*eksPlatform.tenancy.ecrPullAccounts/,
    }),
  ),
  ...[{ pullAccountIds: ['1'] }, { accountId: '12345' }].map(input => ({
    class: 'malformed AWS account',
    input,
    refusal: InputError,
  })),
  ...[
    { 'eks.platform/owner-ref': TEAM_A },
    { 'eks.platform/entity-ref': 'component:default/billing' },
  ].map(tags => ({
    class: 'tag posing as the owner marker',
    input: { tags },
    refusal: NotAllowedError,
    message: /hold the owner marker/,
  })),
  ...['../etc', 'Payments-api', 'team//payments-api'].map(repositoryName => ({
    class: 'malformed repository name',
    input: { repositoryName },
    refusal: InputError,
  })),
  ...callerTrustCases({
    registered: { repositoryName: 'registered-svc' },
    malformedRefs: [
      { owner: 'user:default/alice' },
      { entityRef: 'component:default/billing' },
    ],
  }),
  ...[
    {},
    { pullAccountIds: [] },
    { lifecyclePolicy: { keepTaggedImages: 1 } },
  ].map(input => ({
    class: "another team's existing repository",
    input,
    seed: 'repository of team B',
    refusal: ConflictError,
    message:
      /belongs to component:default\/payments-api \(owner group:default\/team-b\)/,
  })),
  ...[{}, { pullAccountIds: ['210987654321'] }].map(input => ({
    class: 'existing repository without an owner marker',
    input,
    seed: 'unmarked repository with its own policies',
    refusal: ConflictError,
    message: /already exists and has no owner marker/,
  })),
  {
    class: 'adoption of a resource another team owns',
    input: { adoptExisting: true },
    user: ROOT,
    seed: 'repository of team B',
    refusal: ConflictError,
    message: /only applies to resources without an owner marker/,
  },
];

describe('eks:ecr:create refuses hostile input before any write', () => {
  let sim: EcrSimulator;
  beforeEach(async () => {
    sim = await startEcrSimulator();
  });
  afterEach(() => sim.close());

  const data = () =>
    withPlatformTrust({
      aws: ecrSimulatorAwsConfig(),
      eksPlatform: {
        ecr: {
          region: 'eu-west-1',
          accountId: '123456789012',
          endpoint: sim.url,
        },
      },
    });
  const action = () =>
    createEcrCreateAction({
      config: new ConfigReader(data()),
      auditor: createRecordingAuditor().auditor,
      callPolicy: testCallPolicy().policy,
      ...testTrust(data(), [serviceEntity('registered-svc', 'team-a')]),
    });

  const seeds: Record<string, () => Promise<unknown>> = {
    'repository of team B': () =>
      action().handler(
        createTestContext(
          {
            repositoryName: 'payments-api',
            owner: TEAM_B,
            pullAccountIds: ['210987654321'],
          },
          { user: BOB },
        ).ctx,
      ),
    'unmarked repository with its own policies': async () => {
      const client = new ECRClient({
        endpoint: sim.url,
        region: 'eu-west-1',
        credentials: {
          accessKeyId: 'AKIASANDBOXEXAMPLE01',
          secretAccessKey: 'sandbox-aws-secret',
        },
      });
      await client.send(
        new CreateRepositoryCommand({ repositoryName: 'payments-api' }),
      );
      await client.send(
        new PutLifecyclePolicyCommand({
          repositoryName: 'payments-api',
          lifecyclePolicyText: lifecyclePolicyText({
            keepTaggedImages: 500,
            expireUntaggedAfterDays: 90,
          }),
        }),
      );
      await client.send(
        new SetRepositoryPolicyCommand({
          repositoryName: 'payments-api',
          policyText: pullPolicyText(['111111111111']),
        }),
      );
      client.destroy();
    },
  };

  it.each(hostileRows(CASES))('refuses %s', async (_name, hostile) => {
    if (hostile.seed) await seeds[hostile.seed]();
    const writesBefore = [...sim.writeRequests];
    const before = JSON.stringify(sim.repositories());
    const { ctx } = createTestContext(
      { repositoryName: 'payments-api', owner: TEAM_A, ...hostile.input },
      { user: hostile.user ?? ALICE },
    );
    const error = await action()
      .handler(ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(hostile.refusal);
    expect(error.message).toMatch(hostile.message ?? /\S/);
    expect(sim.writeRequests).toEqual(writesBefore);
    expect(JSON.stringify(sim.repositories())).toBe(before);
  });

  it('covers every class with at least one input', () => {
    expect(hostileTally(CASES)).toEqual({ inputs: 25, classes: 12 });
  });
});
