import {
  CreateRepositoryCommand,
  ListTagsForResourceCommand,
  ListTagsForResourceCommandOutput,
  TagResourceCommand,
} from '@aws-sdk/client-ecr';
import {
  EcrSimulator,
  startEcrSimulator,
} from '@internal/eks-platform-sandbox';
import { EcrCaller } from '../../clients/ecr/ecrCaller';
import { sandboxEcrCaller } from '../../__testUtils__/sandboxClients';
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
    ecr = await sandboxEcrCaller(sim).ecr;
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
