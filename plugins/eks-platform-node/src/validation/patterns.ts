/*
 * The shapes shared by input checks (InputError for a template input) and
 * config readers (Error naming the key): one definition of each.
 */

/** Kubernetes DNS-1123 label (namespaces, service accounts, Argo CD projects). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** GitHub user, organisation or team slug. */
export const GITHUB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,98}[A-Za-z0-9])?$/;

/** 12-digit AWS account ID. */
export const AWS_ACCOUNT_ID = /^\d{12}$/;

/** AWS region code, e.g. eu-west-1, us-gov-west-1, cn-north-1. */
export const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

/** A connection name of Vault's database secrets engine. */
export const VAULT_DATABASE_CONNECTION = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** A host name with an optional port, as allow-lists hold them. */
export const HOST_WITH_PORT =
  /^(?=.{1,253}(?::\d{1,5})?$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*(?::\d{1,5})?$/;

export function isDnsLabel(value: unknown, max = 63): value is string {
  return (
    typeof value === 'string' && value.length <= max && DNS_LABEL.test(value)
  );
}
