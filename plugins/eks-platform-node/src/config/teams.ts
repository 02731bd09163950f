import { entityName } from '../catalog/entityRefs';
import { EnvironmentConfig, namespaceFromPattern } from './environments';
import { TenancyConfig } from './tenancy';

/** A team's slice of the platform with every default filled in. */
export interface ResolvedTeam {
  group: string;
  /** The group's name: `{team}` in namespace patterns. */
  name: string;
  argocdProject: string;
  vaultDatabaseConnections: string[];
  /** Namespaces the team may use in `env` (for `service`, when the pattern names it). */
  namespacesIn(env: EnvironmentConfig, service?: string): string[];
}

/**
 * The team that `groupRef` (canonical) is, from `eksPlatform.tenancy.teams`
 * or derived from the group's name when config says nothing about it.
 */
export function resolveTeam(
  tenancy: TenancyConfig,
  groupRef: string,
): ResolvedTeam {
  const configured = tenancy.teams.find(t => t.group === groupRef);
  const name = entityName(groupRef);
  return {
    group: groupRef,
    name,
    argocdProject: configured?.argocdProject ?? name,
    vaultDatabaseConnections: configured?.vaultDatabaseConnections ?? [],
    namespacesIn(env, service) {
      if (configured?.namespaces) return configured.namespaces;
      const ns = namespaceFromPattern(env.namespacePattern, {
        team: name,
        env: env.name,
        service,
      });
      return ns ? [ns] : [];
    },
  };
}
