import { Config } from '@backstage/config';
import { requireHttpUrl } from './urls';

export type VaultAuthConfig =
  | { method: 'token'; token: string }
  | { method: 'approle'; roleId: string; secretId: string; mount: string };

/** `eksPlatform.vault`: where Vault is and how the platform logs in. */
export interface VaultConfig {
  url: string;
  namespace?: string;
  kvMount: string;
  kubernetesAuthMount: string;
  databaseMount: string;
  auth: VaultAuthConfig;
}

function readAuth(vault: Config): VaultAuthConfig {
  const auth = vault.getConfig('auth');
  const method = auth.getString('method');
  if (method === 'token') {
    return { method, token: auth.getString('token') };
  }
  if (method === 'approle') {
    return {
      method,
      roleId: auth.getString('roleId'),
      secretId: auth.getString('secretId'),
      mount: auth.getOptionalString('mount') ?? 'approle',
    };
  }
  throw new Error(
    `eksPlatform.vault.auth.method must be "token" or "approle", got "${method}"`,
  );
}

/** `eksPlatform.vault`, or undefined when Vault is not configured. */
export function readVaultConfig(config: Config): VaultConfig | undefined {
  const vault = config.getOptionalConfig('eksPlatform.vault');
  if (!vault) return undefined;
  return {
    url: requireHttpUrl(vault.getString('url'), 'eksPlatform.vault.url'),
    namespace: vault.getOptionalString('namespace'),
    kvMount: vault.getOptionalString('kvMount') ?? 'secret',
    kubernetesAuthMount:
      vault.getOptionalString('kubernetesAuthMount') ?? 'kubernetes',
    databaseMount: vault.getOptionalString('databaseMount') ?? 'database',
    auth: readAuth(vault),
  };
}
