import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { sendJson } from '../shared/http';

/*
 * Vault's response shapes: errors as `{"errors": [...]}`, successful reads in
 * the standard envelope, and 204 with no body for writes that return nothing.
 */

export class VaultError extends Error {
  readonly status: number;
  readonly errors: string[];
  /** Some 404s carry data (a deleted KV version); Vault still sends them with status 404. */
  readonly data?: unknown;
  constructor(status: number, errors: string[], data?: unknown) {
    super(errors.join('; ') || `HTTP ${status}`);
    this.status = status;
    this.errors = errors;
    this.data = data;
  }
}

export const permissionDenied = () =>
  new VaultError(403, ['permission denied']);
export const badRequest = (message: string) => new VaultError(400, [message]);
export const notFound = () => new VaultError(404, []);

export type Operation =
  | 'create'
  | 'read'
  | 'update'
  | 'delete'
  | 'list'
  | 'patch';

export interface BackendResult {
  data?: unknown;
  auth?: unknown;
  warnings?: string[];
  /** Overrides the status (defaults: 200 with data or auth, else 204). */
  status?: number;
}

export function sendResult(
  res: http.ServerResponse,
  result: BackendResult,
  mountType: string,
): void {
  if (
    result.data === undefined &&
    result.auth === undefined &&
    result.status === undefined
  ) {
    res.writeHead(204);
    res.end();
    return;
  }
  sendJson(res, result.status ?? 200, {
    request_id: randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: result.data ?? null,
    wrap_info: null,
    warnings: result.warnings ?? null,
    auth: result.auth ?? null,
    mount_type: mountType,
  });
}

export function sendVaultError(
  res: http.ServerResponse,
  error: VaultError,
  headers: Record<string, string> = {},
): void {
  if (error.data !== undefined) {
    sendJson(
      res,
      error.status,
      { request_id: randomUUID(), data: error.data, errors: error.errors },
      headers,
    );
    return;
  }
  sendJson(res, error.status, { errors: error.errors }, headers);
}
