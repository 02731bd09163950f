import {
  EcrCaller,
  UpstreamError,
} from '@internal/backstage-plugin-eks-platform-node';
import {
  DeleteRepositoryPolicyCommand,
  DescribeRepositoriesCommand,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  Repository,
  SetRepositoryPolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecr';
import { AuditContext, audited } from '../../lib/audit';
import { lifecyclePolicyText, mergePullPolicy, sameJson } from './ecrPolicies';
import { EcrSpec } from './ecrSpec';

/*
 * The steps of eks:ecr:create. Each one reads the current state first and
 * writes only what differs, so re-running a step is harmless.
 */

export type RepositoryState = {
  /** What this run decided about the repository (create, reconcile, adopt). */
  decision: string;
  uri: string;
  arn: string;
  registryId: string;
  existed: boolean;
  imageTagMutability: string;
  scanOnPush: boolean;
  encryptionType: string;
  kmsKey: string | null;
};

export function stateOf(
  repo: Repository,
  existed: boolean,
  decision: string,
): RepositoryState {
  return {
    decision,
    uri: repo.repositoryUri ?? '',
    arn: repo.repositoryArn ?? '',
    registryId: repo.registryId ?? '',
    existed,
    imageTagMutability: repo.imageTagMutability ?? 'MUTABLE',
    scanOnPush: repo.imageScanningConfiguration?.scanOnPush ?? false,
    encryptionType: repo.encryptionConfiguration?.encryptionType ?? 'AES256',
    kmsKey: repo.encryptionConfiguration?.kmsKey ?? null,
  };
}

type Logger = { info(m: string): void; warn(m: string): void };

/** The repository, or undefined when it does not exist. */
export async function describeRepository(
  ecr: EcrCaller,
  spec: EcrSpec,
): Promise<Repository | undefined> {
  try {
    const out = await ecr.send<{ repositories?: Repository[] }>(
      `describe repository "${spec.repositoryName}"`,
      new DescribeRepositoriesCommand({
        registryId: spec.accountId,
        repositoryNames: [spec.repositoryName],
      }),
    );
    return out.repositories?.[0];
  } catch (error) {
    if (
      error instanceof UpstreamError &&
      error.failure.code === 'RepositoryNotFoundException'
    ) {
      return undefined;
    }
    throw error;
  }
}

export async function reconcileSettings(
  ecr: EcrCaller,
  spec: EcrSpec,
  repo: RepositoryState,
  audit: AuditContext,
  logger: Logger,
): Promise<string[]> {
  const changed: string[] = [];
  if (repo.imageTagMutability !== spec.imageTagMutability) {
    await audited(
      audit,
      'ecr-repository-update',
      {
        repositoryName: spec.repositoryName,
        imageTagMutability: spec.imageTagMutability,
      },
      () =>
        ecr.send(
          `set tag mutability of "${spec.repositoryName}"`,
          new PutImageTagMutabilityCommand({
            registryId: spec.accountId,
            repositoryName: spec.repositoryName,
            imageTagMutability: spec.imageTagMutability,
          }),
        ),
    );
    changed.push(
      `imageTagMutability ${repo.imageTagMutability} -> ${spec.imageTagMutability}`,
    );
  }
  if (repo.scanOnPush !== spec.scanOnPush) {
    await audited(
      audit,
      'ecr-repository-update',
      { repositoryName: spec.repositoryName, scanOnPush: spec.scanOnPush },
      () =>
        ecr.send(
          `set scan on push of "${spec.repositoryName}"`,
          new PutImageScanningConfigurationCommand({
            registryId: spec.accountId,
            repositoryName: spec.repositoryName,
            imageScanningConfiguration: { scanOnPush: spec.scanOnPush },
          }),
        ),
    );
    changed.push(`scanOnPush ${repo.scanOnPush} -> ${spec.scanOnPush}`);
  }
  const wantedKey = spec.encryption.kmsKey ?? null;
  if (
    repo.encryptionType !== spec.encryption.type ||
    (wantedKey !== null && repo.kmsKey !== wantedKey)
  ) {
    // ECR fixes encryption at creation; recreating would delete images.
    logger.warn(
      `ECR repository ${spec.repositoryName} is encrypted with ${
        repo.encryptionType
      }${repo.kmsKey ? ` (${repo.kmsKey})` : ''}, not ${spec.encryption.type}${
        wantedKey ? ` (${wantedKey})` : ''
      }. ECR cannot change encryption after creation; recreate the repository by hand if this matters.`,
    );
  }
  logger.info(
    changed.length
      ? `Reconciled ECR repository ${spec.repositoryName}: ${changed.join(
          ', ',
        )}.`
      : `ECR repository ${spec.repositoryName} settings already match.`,
  );
  return changed;
}

export async function reconcileLifecycle(
  ecr: EcrCaller,
  spec: EcrSpec,
  audit: AuditContext,
  logger: Logger,
): Promise<boolean> {
  const wanted = lifecyclePolicyText(spec.lifecycle);
  let current: string | undefined;
  try {
    const out = await ecr.send<{ lifecyclePolicyText?: string }>(
      `read lifecycle policy of "${spec.repositoryName}"`,
      new GetLifecyclePolicyCommand({
        registryId: spec.accountId,
        repositoryName: spec.repositoryName,
      }),
    );
    current = out.lifecyclePolicyText;
  } catch (error) {
    if (
      !(
        error instanceof UpstreamError &&
        error.failure.code === 'LifecyclePolicyNotFoundException'
      )
    ) {
      throw error;
    }
  }
  if (sameJson(current, wanted)) {
    logger.info(`Lifecycle policy of ${spec.repositoryName} already matches.`);
    return false;
  }
  await audited(
    audit,
    current ? 'ecr-lifecycle-policy-update' : 'ecr-lifecycle-policy-create',
    { repositoryName: spec.repositoryName, ...spec.lifecycle },
    () =>
      ecr.send(
        `put lifecycle policy on "${spec.repositoryName}"`,
        new PutLifecyclePolicyCommand({
          registryId: spec.accountId,
          repositoryName: spec.repositoryName,
          lifecyclePolicyText: wanted,
        }),
      ),
  );
  logger.info(
    `${current ? 'Updated' : 'Set'} lifecycle policy of ${
      spec.repositoryName
    }: keep ${
      spec.lifecycle.keepTaggedImages
    } tagged images, expire untagged after ${
      spec.lifecycle.expireUntaggedAfterDays
    } days.`,
  );
  return true;
}

export async function reconcilePullPolicy(
  ecr: EcrCaller,
  spec: EcrSpec,
  audit: AuditContext,
  logger: Logger,
): Promise<boolean> {
  const accounts = spec.pullAccountIds ?? [];
  let current: string | undefined;
  try {
    const out = await ecr.send<{ policyText?: string }>(
      `read repository policy of "${spec.repositoryName}"`,
      new GetRepositoryPolicyCommand({
        registryId: spec.accountId,
        repositoryName: spec.repositoryName,
      }),
    );
    current = out.policyText;
  } catch (error) {
    if (
      !(
        error instanceof UpstreamError &&
        error.failure.code === 'RepositoryPolicyNotFoundException'
      )
    ) {
      throw error;
    }
  }
  const wanted = mergePullPolicy(current, accounts);
  if (wanted === undefined) {
    if (!current) return false;
    await audited(
      audit,
      'ecr-repository-policy-delete',
      { repositoryName: spec.repositoryName },
      () =>
        ecr.send(
          `delete repository policy of "${spec.repositoryName}"`,
          new DeleteRepositoryPolicyCommand({
            registryId: spec.accountId,
            repositoryName: spec.repositoryName,
          }),
        ),
    );
    logger.info(
      `Removed the repository policy of ${spec.repositoryName} (pullAccountIds is empty).`,
    );
    return true;
  }
  if (sameJson(current, wanted)) {
    logger.info(`Repository policy of ${spec.repositoryName} already matches.`);
    return false;
  }
  await audited(
    audit,
    current ? 'ecr-repository-policy-update' : 'ecr-repository-policy-create',
    { repositoryName: spec.repositoryName, pullAccountIds: accounts },
    () =>
      ecr.send(
        `set repository policy on "${spec.repositoryName}"`,
        new SetRepositoryPolicyCommand({
          registryId: spec.accountId,
          repositoryName: spec.repositoryName,
          policyText: wanted,
        }),
      ),
  );
  logger.info(
    `Allowed pulls of ${spec.repositoryName} from accounts ${accounts.join(
      ', ',
    )}.`,
  );
  return true;
}

export async function reconcileTags(
  ecr: EcrCaller,
  spec: EcrSpec,
  arn: string,
  audit: AuditContext,
  logger: Logger,
): Promise<string[]> {
  const out = await ecr.send<{
    tags?: Array<{ Key?: string; Value?: string }>;
  }>(
    `list tags of "${spec.repositoryName}"`,
    new ListTagsForResourceCommand({ resourceArn: arn }),
  );
  const current = new Map((out.tags ?? []).map(t => [t.Key, t.Value]));
  // Only the tags this input manages: tags added by others are left alone.
  const missing = Object.entries(spec.tags).filter(
    ([k, v]) => current.get(k) !== v,
  );
  if (missing.length === 0) return [];
  await audited(
    audit,
    'ecr-repository-tag',
    { repositoryName: spec.repositoryName, tags: Object.fromEntries(missing) },
    () =>
      ecr.send(
        `tag repository "${spec.repositoryName}"`,
        new TagResourceCommand({
          resourceArn: arn,
          tags: missing.map(([Key, Value]) => ({ Key, Value })),
        }),
      ),
  );
  logger.info(
    `Tagged ${spec.repositoryName}: ${missing.map(([k]) => k).join(', ')}.`,
  );
  return missing.map(([k]) => k);
}
