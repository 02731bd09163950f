/**
 * Dynamic database credentials as the Vault agent renders them to
 * /vault/secrets/database.json (template in chart/templates/deployment.yaml):
 *
 *   {"username":"v-k8s-orders-rw-…","password":"…","lease_id":"database/creds/orders-rw/…",
 *    "lease_duration":3600,"renewable":true}
 *
 * username and password are required; the lease fields are informational
 * (the agent renews the lease and renders new credentials before it ends).
 * Unknown fields are ignored so the template can grow without a release.
 */
export interface DatabaseCredentials {
  username: string;
  password: string;
  leaseId?: string;
  /** Seconds the lease was granted for when rendered. */
  leaseDurationSeconds?: number;
}

/** Why a file was refused; safe to log (it never quotes the file's content). */
export class CredentialsFormatError extends Error {
  override name = 'CredentialsFormatError';
}

const MAX_FILE_BYTES = 64 * 1024;
// Control characters in a user name or password mean a broken render, not a credential.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function requiredText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new CredentialsFormatError(`"${field}" must be a non-empty string`);
  }
  if (value.length > maxLength || CONTROL_CHARACTERS.test(value)) {
    throw new CredentialsFormatError(
      `"${field}" must be at most ${maxLength} printable characters`,
    );
  }
  return value;
}

/**
 * Parses the file's text. Throws CredentialsFormatError on anything but a
 * complete, valid document: a half-written file is refused, not half-used.
 * JSON.parse's own message quotes the input, so it is never passed on.
 */
export function parseCredentials(text: string): DatabaseCredentials {
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) {
    throw new CredentialsFormatError(`file is larger than ${MAX_FILE_BYTES} bytes`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new CredentialsFormatError(
      `file is not complete JSON (${Buffer.byteLength(text)} bytes)`,
    );
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new CredentialsFormatError('file must hold a JSON object');
  }
  const fields = document as Record<string, unknown>;
  const credentials: DatabaseCredentials = {
    // PostgreSQL truncates identifiers at 63 bytes; Vault's names fit.
    username: requiredText(fields.username, 'username', 63),
    password: requiredText(fields.password, 'password', 1024),
  };
  if (fields.lease_id !== undefined) {
    credentials.leaseId = requiredText(fields.lease_id, 'lease_id', 512);
  }
  if (fields.lease_duration !== undefined) {
    const seconds = fields.lease_duration;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new CredentialsFormatError('"lease_duration" must be a whole number of seconds');
    }
    credentials.leaseDurationSeconds = seconds;
  }
  return credentials;
}

/** Same user and password: a re-render of the same lease needs no new pool. */
export function sameCredentials(a: DatabaseCredentials, b: DatabaseCredentials): boolean {
  return a.username === b.username && a.password === b.password;
}
