import { UpstreamError } from '../../errors/UpstreamError';
import { VaultClient } from './VaultClient';

/**
 * The first Vault release that stores `alias_metadata` on auth roles, where
 * the platform keeps the owner marker of Kubernetes auth roles. An older
 * Vault accepts the field with a warning and drops it, so every role the
 * platform wrote would read back as unmarked (someone else's) on the next
 * run: the actions refuse to write roles there instead.
 */
export const VAULT_ROLE_MARKER_MIN_VERSION = '1.21.0';

function parts(version: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  return match ? [match[1], match[2], match[3] ?? '0'].map(Number) : undefined;
}

/** Whether `version` (e.g. `1.21.2+ent`) is `minimum` or newer; false when unreadable. */
export function vaultVersionAtLeast(version: string, minimum: string): boolean {
  const have = parts(version);
  const want = parts(minimum);
  if (!have || !want) return false;
  for (let i = 0; i < 3; i++) {
    if (have[i] !== want[i]) return have[i] > want[i];
  }
  return true;
}

/**
 * Reads the server version (sys/health, no token) and throws an
 * UpstreamError naming it when it cannot store role markers. Returns the
 * version.
 */
export async function requireVaultRoleMarkers(
  vault: VaultClient,
): Promise<string> {
  const version = await vault.serverVersion();
  if (version && vaultVersionAtLeast(version, VAULT_ROLE_MARKER_MIN_VERSION)) {
    return version;
  }
  throw new UpstreamError({
    upstream: 'Vault',
    operation: 'check that it can store owner markers on auth roles',
    code: 'UNSUPPORTED_VERSION',
    upstreamMessage: `server version ${version ?? 'unknown'}`,
    hint: `The platform records who owns each Kubernetes auth role in the role's alias_metadata, which Vault stores from ${VAULT_ROLE_MARKER_MIN_VERSION}; upgrade Vault to ${VAULT_ROLE_MARKER_MIN_VERSION} or newer. Nothing was changed.`,
    retryable: false,
  });
}
