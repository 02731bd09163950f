import { Config } from '@backstage/config';
import { canonicalEntityRef } from '../catalog/entityRefs';
import {
  AWS_ACCOUNT_ID,
  GITHUB_NAME,
  HOST_WITH_PORT,
  VAULT_DATABASE_CONNECTION,
  isDnsLabel,
} from '../validation/patterns';

/** A team's own slice of the platform; anything unset is derived from its name. */
export interface TeamTenancy {
  /** Canonical group ref, e.g. `group:default/checkout`. */
  group: string;
  /** Namespaces the team may deploy to; default: each environment's pattern. */
  namespaces?: string[];
  /** The team's Argo CD AppProject; default: the group's name. */
  argocdProject?: string;
  /** Database connections of the Vault database engine the team may use. */
  vaultDatabaseConnections: string[];
}

/** `eksPlatform.tenancy`: the allow-lists no template input can widen. */
export interface TenancyConfig {
  /** GitHub organisations repositories may live in (the GitOps repo aside). */
  githubOrganizations: string[];
  /** Namespaces nobody may deploy to: configured plus `default` and `kube-*`. */
  reservedNamespaces: string[];
  /** Vault policy/role names nobody may write: configured plus `default`, `root`. */
  reservedVaultNames: string[];
  /** Hosts Argo CD may pull charts from (`host` or `host:port`). */
  chartRepositoryHosts: string[];
  /** AWS accounts ECR repositories may grant cross-account pull to. */
  ecrPullAccounts: string[];
  /** Loopback upstream addresses are accepted (the local sandbox only). */
  allowLoopback: boolean;
  teams: TeamTenancy[];
}

/** Always reserved, whatever config says. */
export const ALWAYS_RESERVED_NAMESPACES = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
];
export const ALWAYS_RESERVED_VAULT_NAMES = ['default', 'root'];

const KEY = 'eksPlatform.tenancy';

function list(
  config: Config | undefined,
  key: string,
  valid: (value: string) => boolean,
  expected: string,
  normalise: (value: string) => string = v => v,
): string[] {
  return (config?.getOptionalStringArray(key) ?? []).map((value, i) => {
    if (!valid(value)) {
      throw new Error(
        `${KEY}.${key}[${i}] must be ${expected}, got "${value}"`,
      );
    }
    return normalise(value);
  });
}

function readTeams(config: Config | undefined): TeamTenancy[] {
  const seen = new Set<string>();
  return (config?.getOptionalConfigArray('teams') ?? []).map((team, i) => {
    const where = `${KEY}.teams[${i}]`;
    const value = team.getString('group');
    const group = canonicalEntityRef(value, {
      defaultKind: 'group',
      kinds: ['group'],
    });
    if (!group) {
      throw new Error(
        `${where}.group must be a group entity ref such as "group:default/checkout", got "${value}"`,
      );
    }
    if (seen.has(group)) {
      throw new Error(`${where}.group lists ${group} a second time`);
    }
    seen.add(group);
    const namespaces = team.getOptionalStringArray('namespaces');
    namespaces?.forEach((ns, j) => {
      if (!isDnsLabel(ns)) {
        throw new Error(
          `${where}.namespaces[${j}] must be a Kubernetes namespace name, got "${ns}"`,
        );
      }
    });
    const argocdProject = team.getOptionalString('argocdProject');
    if (argocdProject !== undefined && !isDnsLabel(argocdProject, 253)) {
      throw new Error(
        `${where}.argocdProject must be an AppProject name (DNS label), got "${argocdProject}"`,
      );
    }
    const connections = team.getOptionalStringArray('vaultDatabaseConnections');
    connections?.forEach((name, j) => {
      if (!VAULT_DATABASE_CONNECTION.test(name)) {
        throw new Error(
          `${where}.vaultDatabaseConnections[${j}] must be a Vault database connection name, got "${name}"`,
        );
      }
    });
    return {
      group,
      namespaces,
      argocdProject,
      vaultDatabaseConnections: connections ?? [],
    };
  });
}

/**
 * Reads `eksPlatform.tenancy`. Every list is an allow-list (or, for the
 * reserved names, a deny-list that only grows): an empty list allows
 * nothing, so a missing key fails closed once an action enforces it.
 */
export function readTenancyConfig(config: Config): TenancyConfig {
  const tenancy = config.getOptionalConfig(KEY);
  const lower = (v: string) => v.toLowerCase();
  const allowLoopback = tenancy?.getOptionalBoolean('allowLoopback') ?? false;
  if (
    allowLoopback &&
    config.getOptionalString('auth.environment') === 'production'
  ) {
    throw new Error(
      `${KEY}.allowLoopback is for the local sandbox only; it must not be true when auth.environment is production`,
    );
  }
  const unique = (values: string[]) => [...new Set(values)];
  return {
    githubOrganizations: list(
      tenancy,
      'githubOrganizations',
      v => GITHUB_NAME.test(v),
      'a GitHub organisation name',
      lower,
    ),
    reservedNamespaces: unique([
      ...ALWAYS_RESERVED_NAMESPACES,
      ...list(
        tenancy,
        'reservedNamespaces',
        v => isDnsLabel(v),
        'a Kubernetes namespace name',
      ),
    ]),
    reservedVaultNames: unique([
      ...ALWAYS_RESERVED_VAULT_NAMES,
      ...list(
        tenancy,
        'reservedVaultNames',
        v => /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(v),
        'a Vault policy or role name',
        lower,
      ),
    ]),
    chartRepositoryHosts: list(
      tenancy,
      'chartRepositoryHosts',
      v => HOST_WITH_PORT.test(v.toLowerCase()),
      'a host name, optionally with ":port" (no scheme, no path)',
      lower,
    ),
    ecrPullAccounts: list(
      tenancy,
      'ecrPullAccounts',
      v => AWS_ACCOUNT_ID.test(v),
      'a 12-digit AWS account ID (quoted in YAML)',
    ),
    allowLoopback,
    teams: readTeams(tenancy),
  };
}
