/**
 * What the fault proxy in front of a cluster's API server does to the
 * requests that pass through it. All off by default.
 */
export interface ClusterFaults {
  /** Delay before a request is forwarded (a watch's start included). */
  latencyMs: number;
  /** Fraction (0–1) of requests answered 500 with an `InternalError` Status body. */
  failureRate: number;
  /** Accept requests and never answer them. */
  hang: boolean;
  /**
   * Forward the answer, but let its body trickle at this many bytes per
   * second (0: off). Headers arrive at once, so only a deadline on the
   * whole exchange notices.
   */
  dripBytesPerSecond: number;
  /**
   * Drop the connection after this many bytes of a response body (headers
   * sent, body cut off mid-way); `null`: off.
   */
  resetAfterBytes: number | null;
  /**
   * Pad every successful JSON answer (not watches) with whitespace to at
   * least this many bytes; the body stays valid JSON (0: off).
   */
  oversizedBytes: number;
}

export const NO_FAULTS: ClusterFaults = {
  latencyMs: 0,
  failureRate: 0,
  hang: false,
  dripBytesPerSecond: 0,
  resetAfterBytes: null,
  oversizedBytes: 0,
};

const MAX_OVERSIZED_BYTES = 512 * 1024 * 1024;

function nonNegative(value: unknown, what: string): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? undefined
    : `${what} must be a non-negative number`;
}

function valueProblem(
  key: keyof ClusterFaults,
  value: unknown,
): string | undefined {
  switch (key) {
    case 'hang':
      return typeof value === 'boolean'
        ? undefined
        : 'hang must be true or false';
    case 'failureRate':
      return typeof value === 'number' && value >= 0 && value <= 1
        ? undefined
        : 'failureRate must be a number between 0 and 1';
    case 'resetAfterBytes':
      return value === null
        ? undefined
        : nonNegative(value, 'resetAfterBytes (or null to turn it off)');
    case 'oversizedBytes':
      if ((value as number) > MAX_OVERSIZED_BYTES)
        return `oversizedBytes may be at most ${MAX_OVERSIZED_BYTES}`;
      return nonNegative(value, 'oversizedBytes');
    case 'latencyMs':
      return nonNegative(value, 'latencyMs (milliseconds)');
    default:
      return nonNegative(value, key);
  }
}

/**
 * Checks a (possibly hostile) partial fault setting; returns what to fix,
 * or undefined when it is valid. Unknown keys are refused so a typo does
 * not silently inject nothing.
 */
export function faultProblem(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return 'faults must be a JSON object, e.g. {"latencyMs": 500, "failureRate": 0.1}';
  const known = Object.keys(NO_FAULTS);
  for (const [key, value] of Object.entries(input)) {
    if (!known.includes(key))
      return `unknown fault '${key}'; known: ${known.join(', ')}`;
    const problem = valueProblem(key as keyof ClusterFaults, value);
    if (problem) return problem;
  }
  return undefined;
}
