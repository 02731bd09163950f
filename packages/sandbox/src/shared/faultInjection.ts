/*
 * Fault injection shared by the Argo CD, Vault and ECR simulators. Tests of the
 * code that calls these upstreams need a given call to fail (throttling, a 5xx,
 * a hung connection) a known number of times, then recover. Each simulator
 * formats the failure in its own wire format; this file only decides WHEN a
 * call fails.
 */

/** Makes matching calls fail. */
export interface FailureOptions {
  /**
   * The simulator's operation name (for example `createApplication` for Argo
   * CD, `CreateRepository` for ECR, `kv.write` for Vault). Omitted: every call.
   */
  operation?: string;
  /** HTTP status to answer with, e.g. 429, 500 or 503. Ignored when `hang` is set. */
  status?: number;
  /** How many matching calls fail before the rule expires. Omitted: until `clearFailures()`. */
  times?: number;
  /** Adds a `Retry-After` header with this many seconds. */
  retryAfterSeconds?: number;
  /** Never answer: the connection stays open until the client gives up or the simulator closes. */
  hang?: boolean;
  /** Overrides the upstream-style error message. */
  message?: string;
}

/** A failure chosen for one call. */
export interface InjectedFailure {
  status: number;
  hang: boolean;
  retryAfterSeconds?: number;
  message?: string;
}

interface FailureRule extends InjectedFailure {
  operation?: string;
  remaining: number;
}

export class FaultInjector {
  private rules: FailureRule[] = [];

  /** Adds a rule; rules are checked in the order they were added. */
  add(options: FailureOptions): void {
    const hang = options.hang ?? false;
    const status = options.status ?? (hang ? 504 : undefined);
    if (
      status === undefined ||
      !Number.isInteger(status) ||
      status < 400 ||
      status > 599
    ) {
      throw new Error(
        `setFailure needs an HTTP error status between 400 and 599 (or hang: true), got ${String(
          options.status,
        )}`,
      );
    }
    if (
      options.times !== undefined &&
      (!Number.isInteger(options.times) || options.times < 1)
    ) {
      throw new Error(
        `setFailure times must be a positive integer, got ${options.times}`,
      );
    }
    this.rules.push({
      operation: options.operation,
      status,
      hang,
      retryAfterSeconds: options.retryAfterSeconds,
      message: options.message,
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    });
  }

  clear(): void {
    this.rules = [];
  }

  /** The failure for this call, if any rule matches; consumes one use of that rule. */
  take(operation: string): InjectedFailure | undefined {
    const index = this.rules.findIndex(
      rule => rule.operation === undefined || rule.operation === operation,
    );
    if (index < 0) return undefined;
    const rule = this.rules[index];
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(index, 1);
    return {
      status: rule.status,
      hang: rule.hang,
      retryAfterSeconds: rule.retryAfterSeconds,
      message: rule.message,
    };
  }
}

/** `Retry-After` header for a failure, if it asks for one. */
export function retryAfterHeader(
  failure: InjectedFailure,
): Record<string, string> {
  return failure.retryAfterSeconds === undefined
    ? {}
    : { 'Retry-After': String(failure.retryAfterSeconds) };
}
