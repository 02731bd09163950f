import {
  EcrCaller,
  UpstreamError,
  ecrMarkerTags,
  readEcrMarker,
} from '@internal/backstage-plugin-eks-platform-node';
import {
  CreateRepositoryCommand,
  ListTagsForResourceCommand,
  Repository,
  TagResourceCommand,
} from '@aws-sdk/client-ecr';
import { AuditContext, audited } from '../../lib/audit';
import { PreparedStep } from '../../lib/preparedSteps';
import { ServiceTrust, decideForService } from '../../lib/serviceTrust';
import { describeRepository, stateOf } from './ecrReconcile';
import { EcrSpec } from './ecrSpec';

type Logger = { info(m: string): void };

/**
 * The repository itself: read it with its tags, decide from the owner
 * marker, then create it with the marker, adopt it (tag it with the marker)
 * or leave it for the settings steps to reconcile. Another team's or an
 * unmarked repository is refused here, before its lifecycle or repository
 * policy could be touched.
 */
export function repositoryStep(
  ecr: EcrCaller,
  spec: EcrSpec,
  trust: ServiceTrust,
  audit: AuditContext,
  logger: Logger,
): PreparedStep {
  const resource = `ECR repository "${spec.repositoryName}" in ${spec.accountId}/${spec.region}`;

  async function inspect() {
    const repo = await describeRepository(ecr, spec);
    const tags = repo
      ? (
          await ecr.send<{ tags?: Array<{ Key?: string; Value?: string }> }>(
            `list tags of "${spec.repositoryName}"`,
            new ListTagsForResourceCommand({ resourceArn: repo.repositoryArn }),
          )
        ).tags
      : undefined;
    const decision = decideForService(
      trust,
      resource,
      repo !== undefined,
      readEcrMarker(tags),
    );
    return { repo, decision };
  }

  async function adopt(repo: Repository) {
    await audited(
      audit,
      'ecr-repository-tag',
      {
        repositoryName: spec.repositoryName,
        tags: Object.fromEntries(
          ecrMarkerTags(trust.requested).map(t => [t.Key, t.Value]),
        ),
        ownership: 'adopt',
      },
      () =>
        ecr.send(
          `tag repository "${spec.repositoryName}" with its owner`,
          new TagResourceCommand({
            resourceArn: repo.repositoryArn,
            tags: ecrMarkerTags(trust.requested),
          }),
        ),
    );
    logger.info(
      `Adopted ECR repository ${repo.repositoryUri}: it now carries the owner marker of ${trust.requested.entityRef}.`,
    );
  }

  async function create(): Promise<Repository> {
    const created = await audited(
      audit,
      'ecr-repository-create',
      {
        repositoryName: spec.repositoryName,
        accountId: spec.accountId,
        region: spec.region,
        imageTagMutability: spec.imageTagMutability,
        scanOnPush: spec.scanOnPush,
        encryptionType: spec.encryption.type,
        ownership: 'create',
      },
      () =>
        ecr.send<{ repository?: Repository }>(
          `create repository "${spec.repositoryName}"`,
          new CreateRepositoryCommand({
            registryId: spec.accountId,
            repositoryName: spec.repositoryName,
            imageTagMutability: spec.imageTagMutability,
            imageScanningConfiguration: { scanOnPush: spec.scanOnPush },
            encryptionConfiguration: {
              encryptionType: spec.encryption.type,
              ...(spec.encryption.kmsKey
                ? { kmsKey: spec.encryption.kmsKey }
                : {}),
            },
            tags: [
              ...Object.entries(spec.tags).map(([Key, Value]) => ({
                Key,
                Value,
              })),
              ...ecrMarkerTags(trust.requested),
            ],
          }),
        ),
    );
    logger.info(`Created ECR repository ${created.repository?.repositoryUri}.`);
    return created.repository ?? {};
  }

  return {
    key: `eks.ecr.${spec.accountId}/${spec.region}/${spec.repositoryName}.repository`,
    label: `repository ${spec.repositoryName}`,
    async prepare() {
      const { repo, decision } = await inspect();
      return async () => {
        if (!repo) {
          try {
            return stateOf(await create(), false, decision);
          } catch (error) {
            // Created in between (another run, or a crashed attempt of this
            // one): decide again on what is there now.
            if (
              !(error instanceof UpstreamError) ||
              error.failure.code !== 'RepositoryAlreadyExistsException'
            ) {
              throw error;
            }
            const again = await inspect();
            if (!again.repo) throw error;
            if (again.decision === 'adopt') await adopt(again.repo);
            return stateOf(again.repo, true, again.decision);
          }
        }
        if (decision === 'adopt') await adopt(repo);
        else
          logger.info(
            `ECR repository ${repo.repositoryUri} already exists for this service; reconciling its settings.`,
          );
        return stateOf(repo, true, decision);
      };
    },
  };
}
