import { NotAllowedError } from '@backstage/errors';
import { checkAwsAccountId, checkDnsLabel, checkVaultPath } from './inputs';

/*
 * Checks of template inputs against the platform's tenancy config
 * (eksPlatform.tenancy, environments, vault.databaseRoleTemplates). A value
 * of the wrong shape is an InputError (from ./inputs); a well-formed value
 * the platform does not allow this team is a NotAllowedError that names
 * what is allowed and the config key that decides it.
 */

function notAllowed(field: string, value: string, why: string): never {
  throw new NotAllowedError(
    `Invalid input "${field}": ${JSON.stringify(value)} ${why}`,
  );
}

function list(values: string[]): string {
  return values.length ? values.map(v => `"${v}"`).join(', ') : '(none)';
}

/**
 * Vault policy and role names: never `default`, `root` or a configured
 * reserved name (Vault lower-cases policy names, so the check does too).
 */
export function checkVaultName(
  field: string,
  name: string,
  reservedVaultNames: string[],
): string {
  checkDnsLabel(field, name, 128);
  if (reservedVaultNames.includes(name.toLowerCase())) {
    notAllowed(
      field,
      name,
      `is a reserved Vault name (${list(
        reservedVaultNames,
      )}, eksPlatform.tenancy.reservedVaultNames); use the service's own name.`,
    );
  }
  return name;
}

/**
 * A KV path inside the service's own prefix (`prefix` itself or below it),
 * segment by segment: `payments-api2` is not inside `payments-api`.
 */
export function checkKvPathInPrefix(
  field: string,
  path: string,
  prefix: string,
): string {
  checkVaultPath(field, path);
  if (path !== prefix && !path.startsWith(`${prefix}/`)) {
    notAllowed(
      field,
      path,
      `is outside this service's secrets; use "${prefix}" or a path below "${prefix}/".`,
    );
  }
  return path;
}

/** Not `kube-*`, `default` or a configured reserved namespace. */
export function checkNamespaceNotReserved(
  field: string,
  namespace: string,
  reservedNamespaces: string[],
): string {
  checkDnsLabel(field, namespace);
  if (namespace.startsWith('kube-') || reservedNamespaces.includes(namespace)) {
    notAllowed(
      field,
      namespace,
      "is a system or platform namespace (kube-*, eksPlatform.tenancy.reservedNamespaces); deploy to one of your team's namespaces.",
    );
  }
  return namespace;
}

/** One of the team's namespaces (ResolvedTeam.namespacesIn), never a reserved one. */
export function checkTeamNamespace(
  field: string,
  namespace: string,
  teamNamespaces: string[],
  reservedNamespaces: string[],
): string {
  checkNamespaceNotReserved(field, namespace, reservedNamespaces);
  if (!teamNamespaces.includes(namespace)) {
    notAllowed(
      field,
      namespace,
      `is not a namespace of the owning team; use ${list(
        teamNamespaces,
      )} (eksPlatform.tenancy.teams[].namespaces or the environment's namespacePattern).`,
    );
  }
  return namespace;
}

/** Cross-account pull only for accounts in eksPlatform.tenancy.ecrPullAccounts. */
export function checkEcrPullAccounts(
  field: string,
  accountIds: string[],
  allowedAccounts: string[],
): string[] {
  accountIds.forEach((id, i) => {
    checkAwsAccountId(`${field}[${i}]`, id);
    if (!allowedAccounts.includes(id)) {
      notAllowed(
        `${field}[${i}]`,
        id,
        `may not pull images; accounts allowed: ${list(
          allowedAccounts,
        )} (eksPlatform.tenancy.ecrPullAccounts).`,
      );
    }
  });
  return accountIds;
}

/** The registry host of an account and region, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com. */
export function ecrRegistryHost(accountId: string, region: string): string {
  const suffix = region.startsWith('cn-')
    ? 'amazonaws.com.cn'
    : 'amazonaws.com';
  return `${accountId}.dkr.ecr.${region}.${suffix}`;
}

/** The registry host must be the one of the configured account and region. */
export function checkEcrRegistryHost(
  field: string,
  host: string,
  expected: { accountId: string; region: string },
): string {
  const wanted = ecrRegistryHost(expected.accountId, expected.region);
  if (host.trim().toLowerCase() !== wanted) {
    notAllowed(
      field,
      host,
      `is not this environment's registry; use "${wanted}" (eksPlatform.environments[].aws or eksPlatform.ecr).`,
    );
  }
  return wanted;
}

/**
 * Repositories live in the configured organisations only; the GitOps
 * repository (eksPlatform.gitops.repoUrl) is the one exception.
 */
export function checkGithubOrganization(
  field: string,
  repository: { owner: string; repo: string },
  allowedOrganizations: string[],
  gitopsRepository?: { owner: string; repo: string },
): void {
  const owner = repository.owner.toLowerCase();
  const isGitOps =
    gitopsRepository !== undefined &&
    gitopsRepository.owner.toLowerCase() === owner &&
    gitopsRepository.repo.toLowerCase() === repository.repo.toLowerCase();
  if (!isGitOps && !allowedOrganizations.includes(owner)) {
    notAllowed(
      field,
      `${repository.owner}/${repository.repo}`,
      `is not in an organisation the platform manages; use ${list(
        allowedOrganizations,
      )} (eksPlatform.tenancy.githubOrganizations).`,
    );
  }
}

/** Database credentials only through connections config maps to the team. */
export function checkDatabaseConnection(
  field: string,
  connection: string,
  teamConnections: string[],
): string {
  if (!teamConnections.includes(connection)) {
    notAllowed(
      field,
      connection,
      `is not a database connection of the owning team; use ${list(
        teamConnections,
      )} (eksPlatform.tenancy.teams[].vaultDatabaseConnections).`,
    );
  }
  return connection;
}

/** The creation statements of a platform-defined template; users never pass SQL. */
export function databaseRoleStatements(
  field: string,
  template: string,
  templates: Record<string, string[]>,
): string[] {
  const statements = Object.hasOwn(templates, template)
    ? templates[template]
    : undefined;
  if (!statements) {
    notAllowed(
      field,
      template,
      `is not a database role template; use ${list(
        Object.keys(templates),
      )} (eksPlatform.vault.databaseRoleTemplates).`,
    );
  }
  return statements;
}
