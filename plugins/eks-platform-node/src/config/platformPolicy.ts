import { Config } from '@backstage/config';
import { readDatabaseRoleTemplates } from './databaseRoleTemplates';
import { EnvironmentConfig, readEnvironments } from './environments';
import { readPlatformAdmins } from './platformAdmins';
import { TenancyConfig, readTenancyConfig } from './tenancy';

/**
 * Everything platform config decides and no template input can change:
 * who the admins are, the tenancy allow-lists, the database role templates
 * and the environments. Read once at start-up, so a bad value stops the
 * backend with the key to fix.
 */
export interface PlatformPolicy {
  platformAdmins: string[];
  tenancy: TenancyConfig;
  databaseRoleTemplates: Record<string, string[]>;
  environments: EnvironmentConfig[];
}

export function readPlatformPolicy(config: Config): PlatformPolicy {
  return {
    platformAdmins: readPlatformAdmins(config),
    tenancy: readTenancyConfig(config),
    databaseRoleTemplates: readDatabaseRoleTemplates(config),
    environments: readEnvironments(config),
  };
}
