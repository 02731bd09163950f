import { elapsedSince, formatAgo, formatClock, formatDuration } from './time';

describe('time formatting', () => {
  it('formats durations in the largest sensible units', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(25 * 60_000)).toBe('25 min');
    expect(formatDuration(3 * 3_600_000)).toBe('3 h');
    expect(formatDuration(190 * 60_000)).toBe('3 h 10 min');
    expect(formatDuration(52 * 3_600_000)).toBe('2 d 4 h');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('formats ages relative to the given clock', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(formatAgo('2026-01-10T11:35:00Z', now)).toBe('25 min ago');
    expect(formatAgo('2026-01-10T11:59:58Z', now)).toBe('just now');
    expect(formatAgo(undefined, now)).toBe('unknown time');
    expect(elapsedSince('not a date', now)).toBeUndefined();
  });

  it('prints absolute times in UTC', () => {
    expect(formatClock('2026-01-10T14:05:09Z')).toBe('14:05 UTC');
    expect(formatClock('garbage')).toBe('unknown time');
  });
});
