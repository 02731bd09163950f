import { CustomErrorBase } from '@backstage/errors';
import { redact } from './redact';

/**
 * Which upstream system a call went to; used in every error message. The
 * actions use the four product names; the status backend names configured
 * instances (`alertmanager/main`, `argocd/eu`).
 */
export type UpstreamName =
  | 'AWS ECR'
  | 'Argo CD'
  | 'Vault'
  | 'GitHub'
  | (string & {});

export interface UpstreamFailure {
  upstream: UpstreamName;
  /** What the action tried, e.g. `create repository "payments"`. */
  operation: string;
  /** HTTP status, when the upstream answered. */
  status?: number;
  /** AWS error code or a network error code (ECONNREFUSED, TIMEOUT). */
  code?: string;
  /** The upstream's own message (redacted before use). */
  upstreamMessage?: string;
  /** What the user can do about it. */
  hint: string;
  /** Whether a retry could succeed (429, 5xx, network, timeout). */
  retryable: boolean;
  /** Delay the upstream asked for (Retry-After), in milliseconds. */
  retryAfterMs?: number;
}

/**
 * An upstream call failed. The message names the upstream, the operation,
 * the status or code, the upstream's own words and what to do next; it is
 * redacted so that a token echoed by an upstream never reaches the task log.
 */
export class UpstreamError extends CustomErrorBase {
  name = 'UpstreamError' as const;
  readonly failure: UpstreamFailure;

  constructor(
    failure: UpstreamFailure,
    knownSecrets: Iterable<string | undefined> = [],
  ) {
    const secrets = [...knownSecrets];
    const status = [
      failure.status !== undefined ? `HTTP ${failure.status}` : undefined,
      failure.code,
    ]
      .filter(Boolean)
      .join(' ');
    const said = failure.upstreamMessage
      ? `: ${redact(truncate(failure.upstreamMessage), secrets)}`
      : '';
    super(
      `${failure.upstream} failed to ${failure.operation} (${
        status || 'no response'
      })${said}. ${failure.hint}`,
    );
    this.failure = {
      ...failure,
      upstreamMessage: failure.upstreamMessage
        ? redact(failure.upstreamMessage, secrets)
        : undefined,
    };
  }
}

function truncate(text: string, max = 500): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A generic hint per HTTP status class; actions add more specific ones. */
export function hintForStatus(
  upstream: UpstreamName,
  status: number | undefined,
  code?: string,
): string {
  if (code === 'TIMEOUT') {
    return `${upstream} did not answer in time; check that it is reachable and healthy, then retry the task.`;
  }
  if (status === undefined) {
    return `${upstream} could not be reached; check its URL in app-config and the network path, then retry the task.`;
  }
  if (status === 400 || status === 422) {
    return 'The request was rejected as invalid; fix the template input named in the message and run the task again.';
  }
  if (status === 401) {
    return `The credentials configured for ${upstream} were not accepted; renew the token or keys in app-config.`;
  }
  if (status === 403) {
    return `The credentials configured for ${upstream} lack a permission this step needs; grant it, then retry.`;
  }
  if (status === 404) {
    return `${upstream} does not know the resource or API path; check names, mounts and URLs in the input and app-config.`;
  }
  if (status === 409) {
    return `${upstream} reported a conflicting resource; it may be owned by something else. Inspect it and choose another name or adopt it.`;
  }
  if (status === 429) {
    return `${upstream} is rate limiting; retries were exhausted. Wait a few minutes and retry the task.`;
  }
  if (status >= 500) {
    return `${upstream} had an internal error; retries were exhausted. Check its health and retry the task.`;
  }
  return `Check the ${upstream} response above and retry the task.`;
}

/** Statuses worth retrying: rate limits and server-side failures. */
export function isRetryableStatus(status: number | undefined): boolean {
  return (
    status === undefined || status === 429 || status === 408 || status >= 500
  );
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  if (!Number.isNaN(date)) return Math.max(0, date - now);
  return undefined;
}
