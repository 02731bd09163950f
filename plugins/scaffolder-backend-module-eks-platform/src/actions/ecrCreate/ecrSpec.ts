import {
  checkAwsAccountId,
  checkAwsRegion,
  checkAwsTags,
  checkEcrRepositoryName,
  checkIntRange,
  checkKmsKey,
  checkOneOf,
  checkUnique,
} from '@internal/backstage-plugin-eks-platform-node';
import { InputError } from '@backstage/errors';
import { EcrCreateInput } from './ecrCreate.input';

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
