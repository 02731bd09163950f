import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { ecrSimulatorAwsConfig } from './awsConfig';
import { EcrSimulator, startEcrSimulator } from './server';

describe('ecrSimulatorAwsConfig', () => {
  let sim: EcrSimulator;
  beforeAll(async () => {
    sim = await startEcrSimulator();
  });
  afterAll(() => sim.close());

  it('holds static keys the ECR simulator accepts', async () => {
    const [account] = ecrSimulatorAwsConfig().accounts;
    expect(account.accountId).toBe('123456789012');
    const ecr = new ECRClient({
      endpoint: sim.url,
      region: 'eu-west-1',
      credentials: {
        accessKeyId: account.accessKeyId,
        secretAccessKey: account.secretAccessKey,
      },
    });
    const answer = await ecr.send(new DescribeRepositoriesCommand({}));
    expect(answer.repositories).toEqual([]);
  });

  it('names the account asked for', () => {
    expect(ecrSimulatorAwsConfig('210987654321').accounts[0].accountId).toBe(
      '210987654321',
    );
  });
});
