import { DOCS_URL } from './errors';

export interface FailureRule {
  /** Only this HTTP method; any when omitted. */
  method?: string;
  /** Substring of, or pattern for, the request path; any path when omitted. */
  pathPattern?: string | RegExp;
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Sends `Retry-After` (and an exhausted rate limit for 403/429). */
  retryAfterSeconds?: number;
}

interface ActiveRule extends FailureRule {
  remaining: number;
}

/** Fault injection for tests: the next matching requests fail as GitHub would. */
export class FailureInjector {
  private rules: ActiveRule[] = [];

  add(rule: FailureRule) {
    if (
      !Number.isInteger(rule.status) ||
      rule.status < 400 ||
      rule.status > 599
    ) {
      throw new Error(`setFailure: status must be 400-599, got ${rule.status}`);
    }
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  clear() {
    this.rules = [];
  }

  take(
    method: string,
    pathname: string,
  ):
    | { status: number; body: unknown; headers: Record<string, string> }
    | undefined {
    const rule = this.rules.find(
      r =>
        r.remaining > 0 &&
        (!r.method || r.method.toUpperCase() === method.toUpperCase()) &&
        matches(r.pathPattern, pathname),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    const headers: Record<string, string> = {};
    let message = 'Simulated failure';
    if (rule.retryAfterSeconds !== undefined) {
      headers['Retry-After'] = String(rule.retryAfterSeconds);
      if (rule.status === 403 || rule.status === 429) {
        message =
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
        headers['X-RateLimit-Remaining'] = '0';
        headers['X-RateLimit-Reset'] = String(
          Math.floor(Date.now() / 1000) + rule.retryAfterSeconds,
        );
      }
    }
    return {
      status: rule.status,
      body: { message, documentation_url: DOCS_URL },
      headers,
    };
  }
}

function matches(pattern: string | RegExp | undefined, pathname: string) {
  if (pattern === undefined) return true;
  return typeof pattern === 'string'
    ? pathname.includes(pattern)
    : pattern.test(pathname);
}
