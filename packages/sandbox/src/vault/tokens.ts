import { randomBytes, randomUUID } from 'node:crypto';

/*
 * Vault tokens. Each belongs to the namespace it was created in and works
 * there and in that namespace's children, as in Vault Enterprise.
 */

export interface TokenEntry {
  id: string;
  accessor: string;
  namespace: string;
  policies: string[];
  path: string;
  displayName: string;
  meta: Record<string, string> | null;
  createdAt: number;
  /** Seconds; 0 means no expiry (root tokens). */
  ttl: number;
  explicitMaxTtl: number;
  orphan: boolean;
  entityId: string;
}

/** 32 days: Vault's default max lease TTL. */
export const DEFAULT_TOKEN_TTL = 2764800;

export class TokenStore {
  private readonly tokens = new Map<string, TokenEntry>();

  issue(options: {
    namespace: string;
    policies: string[];
    path: string;
    displayName: string;
    ttl?: number;
    meta?: Record<string, string> | null;
    id?: string;
    orphan?: boolean;
  }): TokenEntry {
    const entry: TokenEntry = {
      id: options.id ?? `hvs.${randomBytes(18).toString('base64url')}`,
      accessor: randomBytes(12).toString('base64url'),
      namespace: options.namespace,
      policies: [...new Set(options.policies)].sort(),
      path: options.path,
      displayName: options.displayName,
      meta: options.meta ?? null,
      createdAt: Date.now(),
      ttl: options.ttl ?? DEFAULT_TOKEN_TTL,
      explicitMaxTtl: 0,
      orphan: options.orphan ?? false,
      entityId: options.policies.includes('root') ? '' : randomUUID(),
    };
    this.tokens.set(entry.id, entry);
    return entry;
  }

  /** The live token for this id, or undefined when unknown, revoked or expired. */
  lookup(id: string | undefined): TokenEntry | undefined {
    if (!id) return undefined;
    const entry = this.tokens.get(id);
    if (!entry) return undefined;
    if (entry.ttl > 0 && Date.now() > entry.createdAt + entry.ttl * 1000) {
      this.tokens.delete(id);
      return undefined;
    }
    return entry;
  }

  revoke(id: string): void {
    this.tokens.delete(id);
  }

  remainingTtl(entry: TokenEntry): number {
    if (entry.ttl === 0) return 0;
    return Math.max(
      0,
      Math.round((entry.createdAt + entry.ttl * 1000 - Date.now()) / 1000),
    );
  }

  /** The `auth` block of a login or token-create response. */
  authBlock(
    entry: TokenEntry,
    tokenPolicies: string[],
    metadata: Record<string, string> | null,
  ) {
    return {
      client_token: entry.id,
      accessor: entry.accessor,
      policies: entry.policies,
      token_policies: [...tokenPolicies].sort(),
      metadata,
      lease_duration: entry.ttl,
      renewable: entry.ttl > 0,
      entity_id: entry.entityId,
      token_type: 'service',
      orphan: entry.orphan,
      mfa_requirement: null,
      num_uses: 0,
    };
  }

  /** The `data` of auth/token/lookup-self. */
  lookupData(entry: TokenEntry) {
    const created = Math.floor(entry.createdAt / 1000);
    return {
      accessor: entry.accessor,
      creation_time: created,
      creation_ttl: entry.ttl,
      display_name: entry.displayName,
      entity_id: entry.entityId,
      expire_time:
        entry.ttl > 0
          ? new Date(entry.createdAt + entry.ttl * 1000).toISOString()
          : null,
      explicit_max_ttl: entry.explicitMaxTtl,
      id: entry.id,
      issue_time: new Date(entry.createdAt).toISOString(),
      meta: entry.meta,
      num_uses: 0,
      orphan: entry.orphan,
      path: entry.path,
      policies: entry.policies,
      renewable: entry.ttl > 0,
      ttl: this.remainingTtl(entry),
      type: 'service',
      namespace_path: entry.namespace ? `${entry.namespace}/` : '',
    };
  }
}
