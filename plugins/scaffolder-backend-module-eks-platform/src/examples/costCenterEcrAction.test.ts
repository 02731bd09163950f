import { ConfigReader } from '@backstage/config';
import {
  EcrSimulator,
  ecrSimulatorAwsConfig,
  startEcrSimulator,
} from '@internal/eks-platform-sandbox';
import {
  DANA,
  EXAMPLE_ENTITIES,
  PAYMENTS,
  withExampleTrust,
} from '../__testUtils__/exampleTrust';
import {
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../__testUtils__/testContext';
import { testTrust } from '../__testUtils__/trust';
import { createCostCenterEcrAction } from './costCenterEcrAction';

const ACCOUNT = '123456789012';

describe('an organisation-specific action around eks:ecr:create (docs/extending.md)', () => {
  let sim: EcrSimulator;

  beforeEach(async () => {
    sim = await startEcrSimulator();
  });
  afterEach(() => sim.close());

  function action() {
    const data = withExampleTrust({
      aws: ecrSimulatorAwsConfig(ACCOUNT),
      eksPlatform: {
        ecr: { region: 'eu-west-1', accountId: ACCOUNT, endpoint: sim.url },
      },
    });
    return createCostCenterEcrAction({
      config: new ConfigReader(data),
      auditor: createRecordingAuditor().auditor,
      callPolicy: testCallPolicy().policy,
      ...testTrust(data, EXAMPLE_ENTITIES),
    });
  }

  it('runs its own check first: a bad cost center is refused before any ECR call', async () => {
    const { ctx } = createTestContext(
      {
        repositoryName: 'orders-api',
        owner: PAYMENTS,
        costCenter: 'marketing',
      },
      { user: DANA },
    );
    await expect(action().handler(ctx)).rejects.toThrow(
      /Invalid input "costCenter": "marketing" .* e\.g\. CC-1234/,
    );
    expect(sim.writeRequests).toEqual([]);
    expect(sim.repositories()).toEqual([]);
  });

  it("then runs eks:ecr:create itself: the repository is created with the team's marker and the cost-center tag", async () => {
    const { ctx, outputs } = createTestContext(
      { repositoryName: 'orders-api', owner: PAYMENTS, costCenter: 'CC-1234' },
      { user: DANA },
    );
    await action().handler(ctx);
    expect(outputs.repositoryUri).toBe(
      `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/orders-api`,
    );
    const [repository] = sim.repositories() as Array<{
      repositoryName: string;
      tags: Array<{ Key: string; Value: string }>;
    }>;
    expect(repository.repositoryName).toBe('orders-api');
    expect(repository.tags).toEqual(
      expect.arrayContaining([{ Key: 'cost-center', Value: 'CC-1234' }]),
    );
    // eks:ecr:create's own owner marker, as without the wrapper.
    expect(repository.tags.map(t => t.Key)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^eks\.platform\//)]),
    );
  });
});
