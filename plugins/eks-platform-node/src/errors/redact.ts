/**
 * Removes secret values from text before it reaches a log line, an error
 * message or a task output. Known secrets (configured tokens) are replaced
 * verbatim; well-known token shapes are caught even when they are unknown
 * (an upstream echoing a header back in an error body, for example).
 */
const TOKEN_PATTERNS: RegExp[] = [
  /\bhv[sbr]\.[A-Za-z0-9_-]{20,}/g, // Vault service/batch/recovery tokens
  /\bs\.[A-Za-z0-9]{24}\b/g, // legacy Vault tokens
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, // JWTs (Argo CD tokens)
  /(authorization|x-vault-token|token|secret_id|secretAccessKey|password)(["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',}]+/gi,
];

export function redact(
  text: string,
  knownSecrets: Iterable<string | undefined> = [],
): string {
  let result = text;
  for (const secret of knownSecrets) {
    // Very short values would blank out ordinary words; configured secrets are long.
    if (secret && secret.length >= 6) {
      result = result.split(secret).join('<redacted>');
    }
  }
  for (const pattern of TOKEN_PATTERNS) {
    result = result.replace(pattern, (...args: string[]) =>
      args.length > 5 && args[2] !== undefined && /[:=]/.test(args[2])
        ? `${args[1]}${args[2]}<redacted>`
        : '<redacted>',
    );
  }
  return result;
}
