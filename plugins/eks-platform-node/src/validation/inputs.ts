import { InputError } from '@backstage/errors';
import { canonicalEntityRef } from '../catalog/entityRefs';
import {
  AWS_ACCOUNT_ID,
  AWS_REGION,
  GITHUB_NAME,
  isDnsLabel,
} from './patterns';

/**
 * Input checks shared by the actions. Every template input is treated as
 * hostile (path traversal and injection advisories against the scaffolder),
 * so values are matched against allow-lists rather than deny-lists, and each
 * failure says what a valid value looks like.
 */

/** Throws the InputError every check uses: field, offending value, what is valid. */
export function refuseInput(
  field: string,
  value: unknown,
  rule: string,
): never {
  throw new InputError(
    `Invalid input "${field}": ${JSON.stringify(value)} ${rule}`,
  );
}

/**
 * The canonical ref (`kind:namespace/name`, lower case) of an entity of
 * `kind`, e.g. `component`. With `allowBareName`, a bare name such as
 * `team-a` means an entity of that kind in the default namespace, as
 * `spec.owner` does. Anything else is refused with `example` as the form
 * to use.
 */
export function checkEntityRef(
  field: string,
  value: unknown,
  kind: string,
  options: { example: string; allowBareName?: boolean },
): string {
  const ref = canonicalEntityRef(value, {
    kinds: [kind],
    defaultKind: options.allowBareName ? kind : undefined,
  });
  if (!ref) {
    const Kind = kind.charAt(0).toUpperCase() + kind.slice(1);
    refuseInput(
      field,
      value,
      `is not a ${Kind} entity ref; use e.g. "${options.example}".`,
    );
  }
  return ref;
}

/** 12 digits, e.g. 123456789012. */
export function checkAwsAccountId(field: string, value: string): string {
  if (!AWS_ACCOUNT_ID.test(value)) {
    refuseInput(
      field,
      value,
      'is not an AWS account ID; use the 12 digits, e.g. "123456789012".',
    );
  }
  return value;
}

/** AWS region names such as eu-west-1, us-gov-west-1, cn-north-1. */
export function checkAwsRegion(field: string, value: string): string {
  if (!AWS_REGION.test(value)) {
    refuseInput(
      field,
      value,
      'is not an AWS region; use a region code such as "eu-west-1".',
    );
  }
  return value;
}

/** ECR repository names: lowercase, digits, `._-` separators, optional `/` namespaces. */
export function checkEcrRepositoryName(field: string, value: string): string {
  const pattern =
    /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
  if (!pattern.test(value)) {
    refuseInput(
      field,
      value,
      'is not a valid ECR repository name; use 2-256 lowercase letters, digits and "._-" separators, with "/" between namespace parts (e.g. "team/payments-api").',
    );
  }
  return value;
}

/** KMS key ID, alias or ARN. */
export function checkKmsKey(field: string, value: string): string {
  const keyId =
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const alias = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;
  const arn =
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[a-zA-Z0-9/_-]+)$/;
  if (!keyId.test(value) && !alias.test(value) && !arn.test(value)) {
    refuseInput(
      field,
      value,
      'is not a KMS key; use a key ID, an "alias/<name>" or a key ARN "arn:aws:kms:<region>:<account>:key/<id>".',
    );
  }
  return value;
}

/** IAM role ARN, e.g. arn:aws:iam::123456789012:role/ci/ecr-push. */
export function checkIamRoleArn(field: string, value: string): string {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(value)) {
    refuseInput(
      field,
      value,
      'is not an IAM role ARN; use "arn:aws:iam::<12-digit account>:role/<name>".',
    );
  }
  return value;
}

/** Kubernetes DNS-1123 label: namespaces, service accounts, service names. */
export function checkDnsLabel(field: string, value: string, max = 63): string {
  if (!isDnsLabel(value, max)) {
    refuseInput(
      field,
      value,
      `is not a valid name; use at most ${max} lowercase letters, digits and "-", starting and ending with a letter or digit.`,
    );
  }
  return value;
}

/**
 * A Vault path (KV secret path, mount): slash-separated segments of letters,
 * digits and `._-`. No `..`, no glob characters (`*`, `+`): the generated
 * policy must grant exactly the paths asked for and nothing more.
 */
export function checkVaultPath(field: string, value: string): string {
  const segments = value.split('/');
  const validSegment = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
  if (
    value.length === 0 ||
    value.length > 256 ||
    segments.some(s => !validSegment.test(s) || s === '..' || s === '.')
  ) {
    refuseInput(
      field,
      value,
      'is not a valid Vault path; use "/"-separated segments of letters, digits and "._-" (no leading or trailing "/", no "..", no "*" or "+").',
    );
  }
  return value;
}

/** Vault duration strings (`1h`, `30m`, `3600s`, or plain seconds). */
export function checkVaultTtl(field: string, value: string): string {
  if (!/^\d+(s|m|h|d)?$/.test(value)) {
    refuseInput(
      field,
      value,
      'is not a duration; use e.g. "1h", "30m", "3600s" or "3600".',
    );
  }
  return value;
}

/** Converts a Vault duration into seconds, for comparing TTLs. */
export function ttlSeconds(value: string): number {
  const match = /^(\d+)(s|m|h|d)?$/.exec(value);
  if (!match) return NaN;
  const factor = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] ?? 's'] ?? 1;
  return Number(match[1]) * factor;
}

/** A relative file path inside a repository: no absolute paths, no `..`. */
export function checkRepoRelativePath(field: string, value: string): string {
  const segments = value.split('/');
  if (
    value.length === 0 ||
    value.startsWith('/') ||
    segments.some(s => s === '..' || s === '' || !/^[A-Za-z0-9._{}-]+$/.test(s))
  ) {
    refuseInput(
      field,
      value,
      'is not a relative path inside the repository; use "/"-separated names without "..", e.g. "charts/service".',
    );
  }
  return value;
}

/** http(s) or git URLs for chart and GitOps repositories. */
export function checkRepoUrl(field: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['https:', 'http:', 'oci:', 'ssh:'].includes(url.protocol)) {
    refuseInput(
      field,
      value,
      'is not a repository URL; use e.g. "https://github.com/acme/payments.git" or "oci://registry/charts".',
    );
  }
  if (url.username || url.password) {
    refuseInput(
      field,
      '<redacted>',
      'must not contain credentials; configure them in Argo CD instead.',
    );
  }
  return value;
}

/** GitHub logins and team slugs. */
export function checkGithubName(field: string, value: string): string {
  if (!GITHUB_NAME.test(value)) {
    refuseInput(field, value, 'is not a GitHub user login or team slug.');
  }
  return value;
}

/** GitHub Actions variable and secret names. */
export function checkGithubVariableName(field: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(value) || /^GITHUB_/i.test(value)) {
    refuseInput(
      field,
      value,
      'is not a GitHub Actions variable name; use letters, digits and "_", not starting with a digit or "GITHUB_".',
    );
  }
  return value;
}

/** AWS resource tags: key 1-128 chars, value up to 256 chars, no `aws:` prefix. */
export function checkAwsTags(
  field: string,
  tags: Record<string, string>,
): void {
  const entries = Object.entries(tags);
  if (entries.length > 50)
    refuseInput(field, `${entries.length} tags`, 'has more than 50 tags.');
  for (const [key, value] of entries) {
    if (
      key.length < 1 ||
      key.length > 128 ||
      /^aws:/i.test(key) ||
      !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(key)
    ) {
      refuseInput(
        `${field}.${key}`,
        key,
        'is not a valid AWS tag key (1-128 chars, not starting with "aws:").',
      );
    }
    if (
      typeof value !== 'string' ||
      value.length > 256 ||
      !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(value)
    ) {
      refuseInput(
        `${field}.${key}`,
        value,
        'is not a valid AWS tag value (at most 256 letters, digits, spaces and "_.:/=+-@").',
      );
    }
  }
}

/** Requires an integer within bounds. */
export function checkIntRange(
  field: string,
  value: number,
  min: number,
  max: number,
): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    refuseInput(field, value, `must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** Requires one of the listed values. */
export function checkOneOf<T extends string>(
  field: string,
  value: string,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value as T)) {
    refuseInput(
      field,
      value,
      `must be one of ${allowed.map(a => `"${a}"`).join(', ')}.`,
    );
  }
  return value as T;
}

/** Rejects duplicates in a list input. */
export function checkUnique(field: string, values: string[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value))
      refuseInput(field, value, 'is listed twice; list each value once.');
    seen.add(value);
  }
  return values;
}
