/**
 * The system error code (ECONNREFUSED, ENOTFOUND, ...) of a failed
 * connection. `fetch` wraps it in `cause`; the AWS SDK and octokit put it on
 * the error itself or only in the message.
 */
export function networkCode(error: unknown): string {
  const e = error as any;
  const code = e?.cause?.code ?? e?.code;
  if (typeof code === 'string' && code) return code;
  const fromMessage = /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+)\b/.exec(
    String(e?.message ?? ''),
  );
  return fromMessage ? fromMessage[1] : 'NETWORK_ERROR';
}
