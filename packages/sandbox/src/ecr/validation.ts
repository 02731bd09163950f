import { invalidParameter } from './errors';

/*
 * ECR's server-side input checks, with AWS's messages: repository names, tag
 * mutability, lifecycle policies and repository policies.
 */

const NAME_REGEX_TEXT =
  '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*';
const NAME_REGEX = new RegExp(`^${NAME_REGEX_TEXT}$`);

export const TAG_MUTABILITY_VALUES = [
  'MUTABLE',
  'IMMUTABLE',
  'MUTABLE_WITH_EXCLUSION',
  'IMMUTABLE_WITH_EXCLUSION',
];
export const ENCRYPTION_TYPES = ['AES256', 'KMS', 'KMS_DSSE'];

export function validateRepositoryName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw invalidParameter(
      "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must not be null'",
    );
  }
  if (name.length < 2 || name.length > 256) {
    throw invalidParameter(
      "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must have length less than or equal to 256 and greater than or equal to 2'",
    );
  }
  if (!NAME_REGEX.test(name)) {
    throw invalidParameter(
      `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${NAME_REGEX_TEXT}''`,
    );
  }
  return name;
}

export function validateTagMutability(value: unknown): string {
  if (typeof value !== 'string' || !TAG_MUTABILITY_VALUES.includes(value)) {
    throw invalidParameter(
      `Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [${TAG_MUTABILITY_VALUES.join(
        ', ',
      )}]'`,
    );
  }
  return value;
}

function lifecycleFailure(reason: string): never {
  throw invalidParameter(
    `Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ${reason}'`,
  );
}

interface LifecycleRule {
  rulePriority?: unknown;
  selection?: {
    tagStatus?: unknown;
    tagPrefixList?: unknown;
    tagPatternList?: unknown;
    countType?: unknown;
    countUnit?: unknown;
    countNumber?: unknown;
  };
  action?: { type?: unknown };
}

/** Checks a lifecycle policy the way ECR does before storing it. */
export function validateLifecyclePolicy(text: unknown): string {
  if (typeof text !== 'string' || text.length < 100 || text.length > 30720) {
    lifecycleFailure(
      'lifecyclePolicyText must be between 100 and 30720 characters',
    );
  }
  let policy: { rules?: unknown };
  try {
    policy = JSON.parse(text);
  } catch (error) {
    return lifecycleFailure(
      `Could not map policyString into LifecyclePolicy. ${
        (error as Error).message
      }`,
    );
  }
  if (!Array.isArray(policy?.rules) || policy.rules.length === 0) {
    lifecycleFailure('object has missing required properties (["rules"])');
  }
  const priorities = new Set<number>();
  const rules = policy.rules as LifecycleRule[];
  rules.forEach(rule => {
    const priority = rule.rulePriority;
    if (!Number.isInteger(priority) || (priority as number) < 1) {
      lifecycleFailure(
        'rulePriority must be an integer greater than or equal to 1',
      );
    }
    if (priorities.has(priority as number)) {
      lifecycleFailure(
        `Rule priorities must be unique, rulePriority ${priority} is used more than once`,
      );
    }
    priorities.add(priority as number);
    const selection = rule.selection;
    if (!selection)
      lifecycleFailure(
        'object has missing required properties (["selection"])',
      );
    if (
      !['tagged', 'untagged', 'any'].includes(selection.tagStatus as string)
    ) {
      lifecycleFailure(
        `instance value (${JSON.stringify(
          selection.tagStatus,
        )}) not found in enum (possible values: ["tagged","untagged","any"])`,
      );
    }
    const hasPrefixes =
      Array.isArray(selection.tagPrefixList) &&
      selection.tagPrefixList.length > 0;
    const hasPatterns =
      Array.isArray(selection.tagPatternList) &&
      selection.tagPatternList.length > 0;
    if (selection.tagStatus === 'tagged' && !hasPrefixes && !hasPatterns) {
      lifecycleFailure(
        'tagPrefixList or tagPatternList is required when tagStatus is tagged',
      );
    }
    if (selection.countType === 'sinceImagePushed') {
      if (selection.countUnit !== 'days')
        lifecycleFailure(
          'countUnit must be "days" when countType is sinceImagePushed',
        );
    } else if (selection.countType === 'imageCountMoreThan') {
      if (selection.countUnit !== undefined)
        lifecycleFailure(
          'countUnit is not allowed when countType is imageCountMoreThan',
        );
    } else {
      lifecycleFailure(
        `instance value (${JSON.stringify(
          selection.countType,
        )}) not found in enum (possible values: ["imageCountMoreThan","sinceImagePushed"])`,
      );
    }
    if (
      !Number.isInteger(selection.countNumber) ||
      (selection.countNumber as number) < 1
    ) {
      lifecycleFailure(
        'countNumber must be an integer greater than or equal to 1',
      );
    }
    if (rule.action?.type !== 'expire') {
      lifecycleFailure('action.type must be "expire"');
    }
  });
  const anyRule = rules.find(rule => rule.selection?.tagStatus === 'any');
  if (
    anyRule &&
    rules.some(
      rule => (rule.rulePriority as number) > (anyRule.rulePriority as number),
    )
  ) {
    lifecycleFailure(
      "Rule with tagStatus 'any' must have the highest value for rulePriority",
    );
  }
  return text as string;
}

/** ECR checks a repository policy is an IAM policy document with statements. */
export function validateRepositoryPolicy(text: unknown): string {
  const failure = () =>
    invalidParameter(
      "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'",
    );
  if (typeof text !== 'string') throw failure();
  let policy: { Statement?: unknown };
  try {
    policy = JSON.parse(text);
  } catch {
    throw failure();
  }
  const statements = Array.isArray(policy?.Statement)
    ? policy.Statement
    : [policy?.Statement];
  const valid = statements.every(
    (
      statement:
        | { Effect?: unknown; Action?: unknown; Principal?: unknown }
        | undefined,
    ) =>
      statement &&
      (statement.Effect === 'Allow' || statement.Effect === 'Deny') &&
      statement.Action !== undefined &&
      statement.Principal !== undefined,
  );
  if (!valid) throw failure();
  return text;
}
