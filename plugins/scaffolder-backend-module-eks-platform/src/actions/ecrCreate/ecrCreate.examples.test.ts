import { ConfigReader } from '@backstage/config';
import {
  EcrSimulator,
  ecrSimulatorAwsConfig,
  startEcrSimulator,
} from '@internal/eks-platform-sandbox';
import { exampleInput } from '../../__testUtils__/examples';
import {
  DANA,
  EXAMPLE_ENTITIES,
  PAYMENTS,
  withExampleTrust,
} from '../../__testUtils__/exampleTrust';
import {
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import { registeredTool } from '../../__testUtils__/registryTools';
import { serviceEntity, testTrust } from '../../__testUtils__/trust';
import { ecrCreateTool } from '../../registryActions/eksWriteTools';
import { createEcrCreateAction, ECR_CREATE_ACTION_ID } from './ecrCreate';
import { examples } from './ecrCreate.examples';

const ACCOUNT = '123456789012';

describe('eks:ecr:create examples', () => {
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
    return createEcrCreateAction({
      config: new ConfigReader(data),
      auditor: createRecordingAuditor().auditor,
      callPolicy: testCallPolicy().policy,
      // The second example's service is registered already (its spec.owner decides).
      ...testTrust(data, [
        ...EXAMPLE_ENTITIES,
        serviceEntity('payments-api', PAYMENTS),
      ]),
    });
  }

  it('creates the repository of a new service with the defaults (example 1)', async () => {
    const input = exampleInput(examples[0], ECR_CREATE_ACTION_ID, {
      parameters: { name: 'orders-api', owner: PAYMENTS },
    });
    const { ctx, outputs } = createTestContext(input, { user: DANA });
    await action().handler(ctx);
    expect(outputs.repositoryUri).toBe(
      `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/orders-api`,
    );
    const [repository] = sim.repositories() as any[];
    expect(repository).toMatchObject({
      repositoryName: 'orders-api',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'AES256' },
    });
  });

  it('creates a KMS-encrypted repository with its lifecycle, pull accounts and tags (example 2)', async () => {
    const input = exampleInput(examples[1], ECR_CREATE_ACTION_ID);
    const { ctx, outputs } = createTestContext(input, { user: DANA });
    await action().handler(ctx);
    expect(outputs.repositoryUri).toBe(
      `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/payments/payments-api`,
    );
    const [repository] = sim.repositories() as any[];
    expect(repository.encryptionConfiguration).toMatchObject({
      encryptionType: 'KMS',
    });
    expect(repository.policyText).toContain('210987654321');
    expect(
      JSON.parse(repository.lifecyclePolicyText).rules[1].selection.countNumber,
    ).toBe(50);
    expect(repository.tags).toEqual(
      expect.arrayContaining([{ Key: 'cost-center', Value: 'cc-42' }]),
    );
  });

  it('runs every example of the eks-ecr-create agent tool', async () => {
    const tool = registeredTool(ecrCreateTool(action()));
    expect(tool.examples.length).toBeGreaterThan(0);
    for (const example of tool.examples) {
      const output = await tool.call(example.input, DANA);
      const name = example.input.repositoryName as string;
      expect(output.repositoryUri).toBe(
        `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/${name}`,
      );
      expect(
        (sim.repositories() as any[]).map(r => r.repositoryName),
      ).toContain(name);
    }
  });
});
