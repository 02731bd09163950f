/** "42.5 req/s", "0.3 req/s", "1,204 req/s". */
export function formatRate(perSecond: number): string {
  if (perSecond >= 100)
    return `${Math.round(perSecond).toLocaleString('en-US')} req/s`;
  if (perSecond >= 10) return `${perSecond.toFixed(1)} req/s`;
  return `${perSecond.toFixed(2)} req/s`;
}

/** A 0..1 ratio as a percentage: "1.23 %", "0 %". */
export function formatRatio(ratio: number): string {
  if (ratio === 0) return '0 %';
  const percent = ratio * 100;
  return `${percent < 10 ? percent.toFixed(2) : percent.toFixed(1)} %`;
}

/** "180 ms", "1.42 s", or an em dash when the upstream gave no value. */
export function formatLatency(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}
