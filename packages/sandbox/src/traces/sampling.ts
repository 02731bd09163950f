import { randomBytes } from 'node:crypto';

/*
 * OpenTelemetry consistent probability sampling (the `th` sub-key of the
 * `ot` entry in W3C `tracestate`). A span sampled with probability 2^-k
 * carries the rejection threshold T = 2^56 - 2^(56-k); consumers such as
 * the collector's span metrics connector count it as 2^k spans (its
 * "adjusted count"), so sampled traffic still yields true request rates.
 */

const RANDOMNESS_BITS = 56n;

/** A power-of-two sampling rate: keep one request in `oneIn`. */
export interface SamplingRate {
  oneIn: number;
  /** `ot=th:…`, the W3C tracestate entry that tells consumers the rate. */
  traceState: string;
}

/** The smallest power of two that is at least `value` (and at least 1). */
export function powerOfTwoAtLeast(value: number): number {
  let n = 1;
  while (n < value && n < 2 ** 40) n *= 2;
  return n;
}

export function samplingRate(oneIn: number): SamplingRate {
  const k = Math.log2(oneIn);
  if (!Number.isInteger(k) || k < 0 || k > 40) {
    throw new Error(
      `Sandbox traces: a sampling rate must be 1 in a power of two (1, 2, 4, … 2^40), got 1 in ${oneIn}`,
    );
  }
  const threshold =
    (1n << RANDOMNESS_BITS) - (1n << (RANDOMNESS_BITS - BigInt(k)));
  // 14 hex digits, trailing zeros dropped (`fc` for 1 in 64, `0` for all).
  const hex =
    threshold === 0n
      ? '0'
      : threshold.toString(16).padStart(14, '0').replace(/0+$/, '');
  return { oneIn, traceState: `ot=th:${hex}` };
}

/**
 * A random W3C trace id whose randomness (its last 56 bits) is at or above
 * the rate's threshold, i.e. an id that a consistent sampler at this rate
 * keeps. Sets the top log2(oneIn) bits of the randomness.
 */
export function sampledTraceId(rate: SamplingRate): string {
  const id = randomBytes(16);
  let bits = Math.log2(rate.oneIn);
  for (let byte = 9; bits > 0 && byte < 16; byte++) {
    const n = Math.min(8, bits);
    id[byte] |= (0xff << (8 - n)) & 0xff;
    bits -= n;
  }
  return id.toString('hex');
}

export function spanId(): string {
  return randomBytes(8).toString('hex');
}

/** Poisson-distributed count with mean `mean` (Knuth below 30, normal approximation above). */
export function poisson(mean: number, random: () => number): number {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = random();
    while (p > limit) {
      k++;
      p *= random();
    }
    return k;
  }
  const u1 = Math.max(random(), Number.MIN_VALUE);
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
}
