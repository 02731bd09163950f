/**
 * Dynamic database credentials as the Vault agent renders them to
 * /vault/secrets/database.json (chart/vault/database.json.ctmpl), rewritten
 * whenever the agent renews the lease or fetches new credentials:
 *
 *   {"username":"v-k8s-orders-rw-…","password":"…","ttl":3600,"issuedAt":"2026-11-30T10:00:00Z"}
 *
 * username and password are required; the credentials expire at
 * issuedAt + ttl (both optional). Unknown fields are ignored, so the template
 * can grow without a release of the service. The Kafka client reads its
 * SCRAM user (a Vault KV secret with the same two fields) with the same parser.
 */
export interface DatabaseCredentials {
  username: string;
  password: string;
  /** When the lease ends unless the agent renews it (issuedAt + ttl). */
  expiresAt?: Date;
}

/** Why a file was refused; safe to log (it never quotes the file's content). */
export class CredentialsFormatError extends Error {
  override name = 'CredentialsFormatError';
}

const MAX_FILE_BYTES = 64 * 1024;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
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
  const { ttl, issuedAt } = fields;
  if (ttl !== undefined || issuedAt !== undefined) {
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0) {
      throw new CredentialsFormatError('"ttl" must be a whole number of seconds');
    }
    const issued = typeof issuedAt === 'string' ? Date.parse(issuedAt) : Number.NaN;
    if (!RFC3339.test(String(issuedAt)) || Number.isNaN(issued)) {
      throw new CredentialsFormatError('"issuedAt" must be an RFC 3339 time');
    }
    credentials.expiresAt = new Date(issued + ttl * 1000);
  }
  return credentials;
}

/** Same user and password: a re-render of the same lease needs no new pool. */
export function sameCredentials(a: DatabaseCredentials, b: DatabaseCredentials): boolean {
  return a.username === b.username && a.password === b.password;
}
