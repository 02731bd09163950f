/*
 * Deterministic hashing and pseudo-random numbers. The sandbox must behave the
 * same on every run (tests, benchmarks, screenshots), so nothing here touches
 * Math.random.
 */

/** 32-bit FNV-1a hash of a string. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A number in [0, 1) derived from the given parts; equal parts give equal numbers. */
export function unitHash(...parts: Array<string | number>): number {
  return hashString(parts.join('\u0000')) / 0x100000000;
}

/** Mulberry32: a small, fast, seedable PRNG returning numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  };
}

/** Lower-case alphanumerics in the alphabet Kubernetes uses for generated name suffixes. */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A Kubernetes-style random suffix (`7d9f8c6b5`, `x2kq9`) derived from a seed string. */
export function nameSuffix(seed: string, length: number): string {
  const random = createRandom(hashString(seed));
  let out = '';
  for (let i = 0; i < length; i++) {
    out += SUFFIX_ALPHABET[Math.floor(random() * SUFFIX_ALPHABET.length)];
  }
  return out;
}

/** Hex string of the given length derived from a seed string. */
export function hexId(seed: string, length: number): string {
  const random = createRandom(hashString(seed));
  let out = '';
  for (let i = 0; i < length; i++) {
    out += Math.floor(random() * 16).toString(16);
  }
  return out;
}
