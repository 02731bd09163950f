/**
 * The apiserver's continue token: base64url (no padding) of
 * `{"v":"meta.k8s.io/v1","rv":<resourceVersion>,"start":"<key>\u0000"}`, where
 * the key is relative to the listed prefix. rv -1 means "continue at the
 * latest version" (handed out with a 410 for an expired token).
 */
export interface ContinueToken {
  resourceVersion: number;
  /** The first storage key (relative to the list prefix) still to return. */
  start: string;
}

export class InvalidContinueToken extends Error {}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(
    JSON.stringify({
      v: 'meta.k8s.io/v1',
      rv: token.resourceVersion,
      start: token.start,
    }),
    'utf8',
  ).toString('base64url');
}

export function decodeContinue(text: string): ContinueToken {
  let parsed: { v?: unknown; rv?: unknown; start?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidContinueToken(
      'continue key is not valid: illegal base64 data or JSON',
    );
  }
  if (parsed?.v !== 'meta.k8s.io/v1') {
    throw new InvalidContinueToken(
      'continue key is not valid: server does not recognize this encoded version',
    );
  }
  if (
    typeof parsed.rv !== 'number' ||
    !Number.isInteger(parsed.rv) ||
    parsed.rv === 0 ||
    parsed.rv < -1
  ) {
    throw new InvalidContinueToken(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
  if (
    typeof parsed.start !== 'string' ||
    parsed.start === '' ||
    parsed.start.includes('..')
  ) {
    throw new InvalidContinueToken(
      'continue key is not valid: encoded start key must not be empty or contain ..',
    );
  }
  return { resourceVersion: parsed.rv, start: parsed.start };
}
