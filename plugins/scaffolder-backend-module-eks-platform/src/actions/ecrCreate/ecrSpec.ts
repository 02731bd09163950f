import {
  checkAwsAccountId,
  checkAwsRegion,
  checkAwsTags,
  checkEcrRepositoryName,
  checkIntRange,
  checkKmsKey,
  checkOneOf,
  checkEcrPullAccounts,
  checkUnique,
  PlatformPolicy,
} from '@internal/backstage-plugin-eks-platform-node';
import { InputError, NotAllowedError } from '@backstage/errors';
import { EcrCreateInput } from './ecrCreate.input';

/** Tag keys of the owner marker (eks.platform/entity-ref, eks.platform/owner-ref). */
const MARKER_TAG_PREFIX = 'eks.platform/';

/** Validated input with every default applied. */
export interface EcrSpec {
  repositoryName: string;
  accountId: string;
  region: string;
  imageTagMutability: 'IMMUTABLE' | 'MUTABLE';
  scanOnPush: boolean;
  encryption: { type: 'AES256' | 'KMS'; kmsKey?: string };
  lifecycle: { keepTaggedImages: number; expireUntaggedAfterDays: number };
  pullAccountIds?: string[];
  tags: Record<string, string>;
}

/** Validates the input and applies every default; throws InputError. */
export function resolveEcrSpec(
  input: EcrCreateInput,
  ecrConfig: { accountId?: string; region?: string },
): EcrSpec {
  const accountId = input.accountId ?? ecrConfig.accountId;
  const region = input.region ?? ecrConfig.region;
  if (!accountId) {
    throw new InputError(
      'Missing input "accountId": pass the 12-digit AWS account or set eksPlatform.ecr.accountId in app-config.',
    );
  }
  if (!region) {
    throw new InputError(
      'Missing input "region": pass an AWS region such as "eu-west-1" or set eksPlatform.ecr.region in app-config.',
    );
  }
  const encryptionType = checkOneOf(
    'encryption.type',
    input.encryption?.type ?? 'AES256',
    ['AES256', 'KMS'] as const,
  );
  const kmsKey = input.encryption?.kmsKey;
  if (kmsKey !== undefined) {
    if (encryptionType !== 'KMS') {
      throw new InputError(
        'Invalid input "encryption.kmsKey": a KMS key only applies with encryption.type "KMS"; remove it or set the type to KMS.',
      );
    }
    checkKmsKey('encryption.kmsKey', kmsKey);
  }
  const pullAccountIds = input.pullAccountIds?.map((id, i) =>
    checkAwsAccountId(`pullAccountIds[${i}]`, id),
  );
  if (pullAccountIds) checkUnique('pullAccountIds', pullAccountIds);
  const tags = input.tags ?? {};
  checkAwsTags('tags', tags);
  return {
    repositoryName: checkEcrRepositoryName(
      'repositoryName',
      input.repositoryName,
    ),
    accountId: checkAwsAccountId('accountId', accountId),
    region: checkAwsRegion('region', region),
    imageTagMutability: checkOneOf(
      'imageTagMutability',
      input.imageTagMutability ?? 'IMMUTABLE',
      ['IMMUTABLE', 'MUTABLE'] as const,
    ),
    scanOnPush: input.scanOnPush ?? true,
    encryption: { type: encryptionType, kmsKey },
    lifecycle: {
      keepTaggedImages: checkIntRange(
        'lifecyclePolicy.keepTaggedImages',
        input.lifecyclePolicy?.keepTaggedImages ?? 30,
        1,
        10000,
      ),
      expireUntaggedAfterDays: checkIntRange(
        'lifecyclePolicy.expireUntaggedAfterDays',
        input.lifecyclePolicy?.expireUntaggedAfterDays ?? 7,
        1,
        3650,
      ),
    },
    pullAccountIds,
    tags,
  };
}

/**
 * The service an ECR repository belongs to: the last part of its name
 * (`team/payments-api` → `payments-api`), so that the entity and its owner
 * decide who may create or change it.
 */
export function ecrServiceName(repositoryName: string): string {
  return repositoryName.slice(repositoryName.lastIndexOf('/') + 1);
}

/**
 * Checks the spec against platform config, before any AWS call: the
 * registry is the configured account and region, cross-account pull only
 * for eksPlatform.tenancy.ecrPullAccounts, no tag that poses as the owner
 * marker. Throws NotAllowedError. (The repository's name ends in the
 * service's name, ecrServiceName, which ties it to the catalog entity.)
 */
export function scopeEcrSpec(
  spec: EcrSpec,
  ecrConfig: { accountId?: string; region?: string },
  policy: PlatformPolicy,
): EcrSpec {
  for (const [field, value, configured, key] of [
    ['accountId', spec.accountId, ecrConfig.accountId, 'accountId'],
    ['region', spec.region, ecrConfig.region, 'region'],
  ] as const) {
    if (value !== configured) {
      throw new NotAllowedError(
        `Invalid input "${field}": ${JSON.stringify(
          value,
        )} is not the platform's registry; image repositories live in ${
          configured ? `"${configured}"` : 'the registry configured'
        } (eksPlatform.ecr.${key}). Leave "${field}" out.`,
      );
    }
  }
  if (spec.pullAccountIds) {
    checkEcrPullAccounts(
      'pullAccountIds',
      spec.pullAccountIds,
      policy.tenancy.ecrPullAccounts,
    );
  }
  for (const key of Object.keys(spec.tags)) {
    if (key.toLowerCase().startsWith(MARKER_TAG_PREFIX)) {
      throw new NotAllowedError(
        `Invalid input "tags.${key}": tags under "${MARKER_TAG_PREFIX}" hold the owner marker, which the action writes itself; use another key.`,
      );
    }
  }
  return spec;
}
