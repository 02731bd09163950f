import { canonicalJson } from '../../lib/canonicalJson';

/**
 * The lifecycle and repository policies the action manages, as ECR expects
 * them, plus a stable comparison so that an unchanged spec causes no write.
 */

export interface LifecycleSettings {
  keepTaggedImages: number;
  expireUntaggedAfterDays: number;
}

export function lifecyclePolicyText(settings: LifecycleSettings): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images after ${settings.expireUntaggedAfterDays} days`,
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: settings.expireUntaggedAfterDays,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: `Keep the last ${settings.keepTaggedImages} tagged images`,
        selection: {
          tagStatus: 'tagged',
          tagPatternList: ['*'],
          countType: 'imageCountMoreThan',
          countNumber: settings.keepTaggedImages,
        },
        action: { type: 'expire' },
      },
    ],
  });
}

export const CROSS_ACCOUNT_PULL_SID = 'EksPlatformCrossAccountPull';

/** Read-only pull access for the listed accounts, and nothing else. */
export function pullPolicyText(
  accountIds: string[],
  partition = 'aws',
): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: CROSS_ACCOUNT_PULL_SID,
        Effect: 'Allow',
        Principal: {
          AWS: [...accountIds]
            .sort()
            .map(id => `arn:${partition}:iam::${id}:root`),
        },
        Action: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
        ],
      },
    ],
  });
}

/**
 * The repository policy with this action's statement set to `accountIds`
 * (removed when empty) and every other statement kept: someone else's grants
 * on the repository are not this action's to drop. Undefined: no statement
 * is left, so the policy should be deleted.
 */
export function mergePullPolicy(
  currentText: string | undefined,
  accountIds: string[],
): string | undefined {
  let others: unknown[] = [];
  if (currentText) {
    try {
      const current = JSON.parse(currentText);
      const statements = Array.isArray(current.Statement)
        ? current.Statement
        : [current.Statement].filter(Boolean);
      others = statements.filter(
        (st: any) => st?.Sid !== CROSS_ACCOUNT_PULL_SID,
      );
    } catch {
      // An unreadable policy is replaced by ours.
      others = [];
    }
  }
  const ours =
    accountIds.length > 0
      ? JSON.parse(pullPolicyText(accountIds)).Statement
      : [];
  const statements = [...others, ...ours];
  if (statements.length === 0) return undefined;
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Compares JSON documents independent of key order and whitespace. */
export function sameJson(
  a: string | undefined,
  b: string | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return false;
  }
}
