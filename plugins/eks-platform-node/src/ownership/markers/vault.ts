import { OwnershipMarker, markerFromMap, markerToMap } from '../marker';
import { readCommentHeader, writeCommentHeader } from './commentHeader';

/*
 * Vault keeps no owner on its objects, so the marker goes where each API
 * stores free-form data and returns it on read:
 * - ACL policies: `# key: value` lines at the top of the policy text
 *   (GET sys/policies/acl/:name returns the text as written);
 * - Kubernetes auth roles: `alias_metadata`, the key/value map Vault 1.21+
 *   stores on auth roles (one of the token fields common to auth methods)
 *   and returns on GET auth/<mount>/role/:name; Vault copies it onto the
 *   entity alias at login, where it is harmless;
 * - KV v2 secrets: `custom_metadata` of the metadata endpoint
 *   (GET <mount>/metadata/:path), which never exposes secret values.
 */

/** The policy text with the marker header (idempotent). */
export function withVaultPolicyMarker(
  policy: string,
  marker: OwnershipMarker,
): string {
  return writeCommentHeader(policy, marker);
}

/** The marker of an ACL policy's text, if it has one. */
export function readVaultPolicyMarker(
  policy: string | undefined,
): OwnershipMarker | undefined {
  return policy === undefined ? undefined : readCommentHeader(policy);
}

/** `alias_metadata` to send with a Kubernetes auth role write. */
export function vaultRoleAliasMetadata(
  marker: OwnershipMarker,
): Record<string, string> {
  return markerToMap(marker);
}

/** The marker of a role, from `data` of GET auth/<mount>/role/:name. */
export function readVaultRoleMarker(
  role: { alias_metadata?: Record<string, unknown> | null } | undefined,
): OwnershipMarker | undefined {
  return markerFromMap(role?.alias_metadata);
}

/**
 * `custom_metadata` for a KV v2 secret. POST <mount>/metadata/:path
 * replaces the whole map: merge with what is there (or PATCH) to keep other
 * keys.
 */
export function kvCustomMetadata(
  marker: OwnershipMarker,
): Record<string, string> {
  return markerToMap(marker);
}

/** The marker of a KV v2 secret, from `data` of GET <mount>/metadata/:path. */
export function readKvMarker(
  metadata: { custom_metadata?: Record<string, unknown> | null } | undefined,
): OwnershipMarker | undefined {
  return markerFromMap(metadata?.custom_metadata);
}
