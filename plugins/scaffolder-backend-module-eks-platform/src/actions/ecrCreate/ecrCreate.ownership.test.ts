import {
  CreateRepositoryCommand,
  ECRClient,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { ConfigReader } from '@backstage/config';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  EcrSimulator,
  ecrSimulatorAwsConfig,
  startEcrSimulator,
} from '@internal/eks-platform-sandbox';
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
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createEcrCreateAction } from './ecrCreate';
import { lifecyclePolicyText } from './ecrPolicies';

/*
 * The ownership rules of eks:ecr:create against the sandbox ECR: the same
 * owner reconciles, another owner or no owner is a conflict, and only a
 * platform admin adopts an unmarked repository (tagged with the marker,
 * its images and other tags kept).
 */

const LEGACY_LIFECYCLE = lifecyclePolicyText({
  keepTaggedImages: 500,
  expireUntaggedAfterDays: 90,
});

describe('eks:ecr:create ownership', () => {
  let sim: EcrSimulator;
  beforeEach(async () => {
    sim = await startEcrSimulator();
  });
  afterEach(() => sim.close());

  function setup() {
    const data = withPlatformTrust({
      aws: ecrSimulatorAwsConfig(),
      eksPlatform: {
        ecr: {
          region: 'eu-west-1',
          accountId: '123456789012',
          endpoint: sim.url,
        },
      },
    });
    const { auditor, events } = createRecordingAuditor();
    return {
      events,
      action: createEcrCreateAction({
        config: new ConfigReader(data),
        auditor,
        callPolicy: testCallPolicy().policy,
        ...testTrust(data),
      }),
    };
  }
  const run = (user: string, owner: string, extra: object = {}) =>
    createTestContext({ repositoryName: 'legacy', owner, ...extra }, { user })
      .ctx;
  async function seedUnmarked() {
    const client = new ECRClient({
      endpoint: sim.url,
      region: 'eu-west-1',
      credentials: {
        accessKeyId: 'AKIASANDBOXEXAMPLE01',
        secretAccessKey: 'sandbox-aws-secret',
      },
    });
    await client.send(
      new CreateRepositoryCommand({
        repositoryName: 'legacy',
        tags: [{ Key: 'cost-centre', Value: '42' }],
      }),
    );
    await client.send(
      new PutLifecyclePolicyCommand({
        repositoryName: 'legacy',
        lifecyclePolicyText: LEGACY_LIFECYCLE,
      }),
    );
    client.destroy();
  }

  it('reconciles for the same service and owner, changing nothing when nothing differs', async () => {
    const { action } = setup();
    await action.handler(run(ALICE, TEAM_A));
    const writes = sim.writeRequests.length;
    await action.handler(run(ALICE, TEAM_A));
    expect(sim.writeRequests.length).toBe(writes);
  });

  it("refuses another owner's repository, naming the owner, and leaves it as it is", async () => {
    const { action } = setup();
    await action.handler(run(ALICE, TEAM_A));
    const before = JSON.stringify(sim.repositories());
    const error = await action
      .handler(run(BOB, TEAM_B, { pullAccountIds: [] }))
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'ECR repository "legacy" in 123456789012/eu-west-1 belongs to component:default/legacy (owner group:default/team-a), not to component:default/legacy (owner group:default/team-b). If group:default/team-b now owns the service, ask group:default/team-a or a platform admin to hand the resource over; nothing was changed.',
    );
    expect(JSON.stringify(sim.repositories())).toBe(before);
  });

  it('refuses an unmarked repository without touching its lifecycle policy', async () => {
    const { action } = setup();
    await seedUnmarked();
    const writes = sim.writeRequests.length;
    await expect(action.handler(run(ALICE, TEAM_A))).rejects.toThrow(
      /already exists and has no owner marker, so it may belong to another team; nothing was changed/,
    );
    expect(sim.writeRequests.length).toBe(writes);
    expect((sim.repositories() as any[])[0].lifecyclePolicyText).toBe(
      LEGACY_LIFECYCLE,
    );
  });

  it('lets a platform admin adopt an unmarked repository, which the team then owns', async () => {
    const { action, events } = setup();
    await seedUnmarked();
    await action.handler(run(ROOT, TEAM_A, { adoptExisting: true }));
    const [repo] = sim.repositories() as any[];
    expect(repo.tags).toEqual([
      { Key: 'cost-centre', Value: '42' },
      { Key: 'eks.platform/entity-ref', Value: 'component:default/legacy' },
      { Key: 'eks.platform/owner-ref', Value: TEAM_A },
    ]);
    expect(events[0]).toMatchObject({
      eventId: 'ecr-repository-tag',
      meta: { ownership: 'adopt', initiator: ROOT },
      outcome: 'success',
    });
    const writes = sim.writeRequests.length;
    await action.handler(run(ALICE, TEAM_A));
    expect(sim.writeRequests.length).toBe(writes);
  });

  it('refuses adoptExisting from a member who is not a platform admin', async () => {
    const { action } = setup();
    await seedUnmarked();
    const writes = sim.writeRequests.length;
    await expect(
      action.handler(run(ALICE, TEAM_A, { adoptExisting: true })),
    ).rejects.toThrow(NotAllowedError);
    expect(sim.writeRequests.length).toBe(writes);
  });
});
