import { formatLatency, formatRate, formatRatio } from './numbers';

describe('number formatting', () => {
  it('formats request rates with precision that fits the size', () => {
    expect(formatRate(1204.4)).toBe('1,204 req/s');
    expect(formatRate(42.53)).toBe('42.5 req/s');
    expect(formatRate(0.333)).toBe('0.33 req/s');
  });

  it('formats ratios as percentages', () => {
    expect(formatRatio(0)).toBe('0 %');
    expect(formatRatio(0.0123)).toBe('1.23 %');
    expect(formatRatio(0.5)).toBe('50.0 %');
  });

  it('formats latencies in ms or s', () => {
    expect(formatLatency(179.6)).toBe('180 ms');
    expect(formatLatency(1420)).toBe('1.42 s');
    expect(formatLatency(undefined)).toBe('—');
  });
});
