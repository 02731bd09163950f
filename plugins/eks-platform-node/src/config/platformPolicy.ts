import { Config } from '@backstage/config';
import { readDatabaseRoleTemplates } from './databaseRoleTemplates';
import { DatabaseFacts, readDatabases } from './databases';
import { EnvironmentConfig, readEnvironments } from './environments';
import { readPlatformAdmins } from './platformAdmins';
import { TenancyConfig, readTenancyConfig } from './tenancy';

/**
 * Everything platform config decides and no template input can change:
 * who the admins are, the tenancy allow-lists, the database role templates,
 * the environments and the databases behind Vault's connections. Read once at start-up, so a bad value stops the
 * backend with the key to fix.
 */
export interface PlatformPolicy {
  platformAdmins: string[];
  tenancy: TenancyConfig;
  databaseRoleTemplates: Record<string, string[]>;
  environments: EnvironmentConfig[];
  /** Where each Vault database connection points, per environment. */
  databases: DatabaseFacts[];
}

export function readPlatformPolicy(config: Config): PlatformPolicy {
  const environments = readEnvironments(config);
  return {
    platformAdmins: readPlatformAdmins(config),
    tenancy: readTenancyConfig(config),
    databaseRoleTemplates: readDatabaseRoleTemplates(config),
    environments,
    databases: readDatabases(
      config,
      environments.map(e => e.name),
    ),
  };
}
