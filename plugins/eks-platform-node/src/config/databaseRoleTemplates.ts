import { Config } from '@backstage/config';

/**
 * `eksPlatform.vault.databaseRoleTemplates`: the creation statements of
 * database roles, by template name. Users pick a name; they never write SQL,
 * so nobody can ask for a SUPERUSER through the form.
 */
export function readDatabaseRoleTemplates(
  config: Config,
): Record<string, string[]> {
  const key = 'eksPlatform.vault.databaseRoleTemplates';
  const templates = config.getOptionalConfig(key);
  const result: Record<string, string[]> = {};
  for (const name of templates?.keys() ?? []) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
      throw new Error(
        `${key}.${name}: template names must be lowercase letters, digits and "-"`,
      );
    }
    const statements = templates!.getStringArray(name);
    if (statements.length === 0 || statements.some(s => !s.trim())) {
      throw new Error(
        `${key}.${name} must list one or more non-empty SQL statements`,
      );
    }
    if (!statements.some(s => s.includes('{{name}}'))) {
      throw new Error(
        `${key}.${name} must create the user "{{name}}" that Vault generates`,
      );
    }
    result[name] = statements;
  }
  return result;
}
