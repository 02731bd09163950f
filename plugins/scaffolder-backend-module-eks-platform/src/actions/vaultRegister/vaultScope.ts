import {
  EnvironmentConfig,
  PlatformPolicy,
  ResolvedTeam,
  checkDatabaseConnection,
  checkKvPathInPrefix,
  checkNamespaceNotReserved,
  checkTeamNamespace,
  checkVaultName,
  databaseRoleStatements,
} from '@internal/backstage-plugin-eks-platform-node';
import { InputError, NotAllowedError } from '@backstage/errors';
import { checkServiceScopedName } from '../../lib/serviceNames';
import { VaultSpec } from './vaultSpec';

/** A Kubernetes auth role to write in one auth mount. */
export interface VaultRoleScope {
  /** The auth mount (eksPlatform.environments[].vault.kubernetesAuthMount). */
  mount: string;
  environments: string[];
  /** The team's namespaces the role binds, sorted. */
  namespaces: string[];
}

/** The spec, checked against platform config, with what config decides. */
export interface VaultScope {
  spec: VaultSpec;
  roles: VaultRoleScope[];
  /** Auth path per environment, e.g. { dev: 'auth/kubernetes-dev' }. */
  authPaths: Record<string, string>;
  databaseStatements?: string[];
}

function selectEnvironments(
  spec: VaultSpec,
  environments: EnvironmentConfig[],
): EnvironmentConfig[] {
  if (environments.length === 0) {
    throw new NotAllowedError(
      'The platform has no environments (eksPlatform.environments), so it cannot tell which namespaces the role may bind; ask a platform admin to configure them.',
    );
  }
  if (!spec.environments) return environments;
  return spec.environments.map((name, i) => {
    const env = environments.find(e => e.name === name);
    if (!env) {
      throw new InputError(
        `Invalid input "environments[${i}]": "${name}" is not an environment of the platform; use ${environments
          .map(e => `"${e.name}"`)
          .join(', ')}.`,
      );
    }
    return env;
  });
}

/** The namespaces the role may bind in `env`: the team's, never a reserved one. */
function namespacesIn(
  spec: VaultSpec,
  env: EnvironmentConfig,
  team: ResolvedTeam,
  reserved: string[],
): string[] {
  const teamNamespaces = team.namespacesIn(env, spec.serviceName);
  if (spec.namespace !== undefined) {
    return [
      checkTeamNamespace('namespace', spec.namespace, teamNamespaces, reserved),
    ];
  }
  if (teamNamespaces.length === 0) {
    throw new NotAllowedError(
      `${team.group} has no namespace in environment "${env.name}" (eksPlatform.tenancy.teams[].namespaces or the environment's namespacePattern); ask a platform admin to configure one.`,
    );
  }
  return teamNamespaces.map(ns =>
    checkNamespaceNotReserved('namespace', ns, reserved),
  );
}

/**
 * Checks the spec against platform config, before any upstream call:
 * reserved and other services' names, KV paths outside the service's
 * prefix, namespaces that are not the team's, database connections and
 * templates config does not give the team. Throws NotAllowedError (or
 * InputError for an unknown environment).
 */
export function scopeVaultSpec(
  spec: VaultSpec,
  team: ResolvedTeam,
  policy: PlatformPolicy,
): VaultScope {
  const { reservedVaultNames, reservedNamespaces } = policy.tenancy;
  const service = spec.serviceName;
  for (const [field, name] of [
    ['policyName', spec.policyName],
    ['roleName', spec.roleName],
  ]) {
    checkVaultName(field, name, reservedVaultNames);
    checkServiceScopedName(field, name, service);
  }
  spec.secretPaths.forEach((path, i) =>
    checkKvPathInPrefix(`secretPaths[${i}]`, path, service),
  );

  const byMount = new Map<string, VaultRoleScope>();
  const authPaths: Record<string, string> = {};
  for (const env of selectEnvironments(spec, policy.environments)) {
    const mount = env.vault.kubernetesAuthMount;
    const role = byMount.get(mount) ?? {
      mount,
      environments: [],
      namespaces: [],
    };
    role.environments.push(env.name);
    role.namespaces = [
      ...new Set([
        ...role.namespaces,
        ...namespacesIn(spec, env, team, reservedNamespaces),
      ]),
    ].sort();
    byMount.set(mount, role);
    authPaths[env.name] = `auth/${mount}`;
  }

  let databaseStatements: string[] | undefined;
  if (spec.databaseRole) {
    const db = spec.databaseRole;
    checkServiceScopedName('databaseRole.name', db.name, service);
    checkDatabaseConnection(
      'databaseRole.dbName',
      db.dbName,
      team.vaultDatabaseConnections,
    );
    databaseStatements = databaseRoleStatements(
      'databaseRole.template',
      db.template,
      policy.databaseRoleTemplates,
    );
  }
  return { spec, roles: [...byMount.values()], authPaths, databaseStatements };
}
