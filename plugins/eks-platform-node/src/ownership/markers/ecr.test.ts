import {
  CreateRepositoryCommand,
  ListTagsForResourceCommand,
  ListTagsForResourceCommandOutput,
  TagResourceCommand,
} from '@aws-sdk/client-ecr';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  EcrSimulator,
  startEcrSimulator,
} from '@internal/eks-platform-sandbox';
import { EcrCaller, createEcrCaller } from '../../clients/ecr/ecrCaller';
import { testCallPolicy } from '../../__testUtils__/callPolicy';
import { ecrMarkerTags, readEcrMarker } from './ecr';

const marker = {
  entityRef: 'component:default/payments',
  ownerRef: 'group:default/team-a',
};

/* The marker is written as ECR tags to the sandbox ECR and read back. */
describe('ECR ownership markers', () => {
  let sim: EcrSimulator;
  let ecr: EcrCaller;
  beforeEach(async () => {
    sim = await startEcrSimulator();
    ecr = await createEcrCaller({
      credentialsManager: DefaultAwsCredentialsManager.fromConfig(
        new ConfigReader({
          aws: {
            accounts: [
              {
                accountId: '123456789012',
                accessKeyId: 'AKIASANDBOXEXAMPLE01',
                secretAccessKey: 'sandbox-aws-secret',
              },
            ],
          },
        }),
      ),
      accountId: '123456789012',
      region: 'eu-west-1',
      endpoint: sim.url,
      policy: testCallPolicy().policy,
    });
  });
  afterEach(() => sim.close());

  const tagsOf = async (arn: string) =>
    (
      await ecr.send<ListTagsForResourceCommandOutput>(
        'list tags',
        new ListTagsForResourceCommand({ resourceArn: arn }),
      )
    ).tags;

  it('round-trips through the tags given at creation', async () => {
    const created: any = await ecr.send(
      'create',
      new CreateRepositoryCommand({
        repositoryName: 'payments',
        tags: [{ Key: 'team', Value: 'a' }, ...ecrMarkerTags(marker)],
      }),
    );
    expect(
      readEcrMarker(await tagsOf(created.repository.repositoryArn)),
    ).toEqual(marker);
  });

  it('finds no marker on an untagged repository, and one once it is tagged', async () => {
    const created: any = await ecr.send(
      'create',
      new CreateRepositoryCommand({ repositoryName: 'legacy' }),
    );
    const arn = created.repository.repositoryArn;
    expect(readEcrMarker(await tagsOf(arn))).toBeUndefined();
    await ecr.send(
      'tag',
      new TagResourceCommand({ resourceArn: arn, tags: ecrMarkerTags(marker) }),
    );
    expect(readEcrMarker(await tagsOf(arn))).toEqual(marker);
  });
});
