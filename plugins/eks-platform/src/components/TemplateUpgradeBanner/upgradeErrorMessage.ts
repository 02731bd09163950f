/**
 * What the backend said, in one sentence a person can act on: the
 * backend's own message (it says what to fix), prefixed by what kind of
 * refusal it was. A ResponseError's own message is only "Request failed
 * with 403 Forbidden"; the backend's error is its `cause`.
 */
export function upgradeErrorMessage(error: unknown): string {
  const e = error as { message?: string; cause?: unknown };
  const cause = e?.cause as { name?: string; message?: string } | undefined;
  const message = cause?.message || e?.message || String(error);
  switch (cause?.name) {
    case 'NotAllowedError':
      return `Not allowed: ${message}`;
    case 'ConflictError':
      return `Refused: ${message}`;
    case 'InputError':
      return `Invalid request: ${message}`;
    case 'NotFoundError':
      return `Not found: ${message}`;
    case 'TooManyRequestsError':
      return `Too many requests: ${message}`;
    default:
      return message;
  }
}
