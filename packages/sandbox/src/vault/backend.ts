import { type BackendResult, type Operation } from './response';
import { type TokenEntry, TokenStore } from './tokens';

/** One request routed to a mounted secrets engine or auth method. */
export interface BackendRequest {
  op: Operation;
  /** Path below the mount, without a leading slash. */
  subpath: string;
  body: Record<string, unknown>;
  query: URLSearchParams;
  namespace: string;
  token?: TokenEntry;
  tokens: TokenStore;
}

export interface Backend {
  readonly type: string;
  handle(request: BackendRequest): BackendResult;
  /**
   * For the ACL: a write to an existing object needs `update`, to a new one
   * `create`. `undefined` means the path has no existence check, so every
   * write is an `update`, as in Vault.
   */
  exists(subpath: string): boolean | undefined;
  /** Name used by `setFailure({ operation })`. */
  operationName(subpath: string, op: Operation): string;
  /** Login paths are reachable without a token. */
  isUnauthenticated(subpath: string): boolean;
}

export function verbOf(op: Operation): string {
  return op === 'create' || op === 'update' ? 'write' : op;
}
