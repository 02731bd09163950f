/** A Go duration as Argo CD's retry backoff writes them (`10s`, `3m`, `1h30m`, `500ms`) in ms. */
export function parseDuration(
  value: string | undefined,
  fallbackMs: number,
): number {
  if (!value) return fallbackMs;
  const units: Record<string, number> = {
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  let total = 0;
  let rest = value.trim();
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!m) return fallbackMs;
    total += Number(m[1]) * units[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}
