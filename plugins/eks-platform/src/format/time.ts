/*
 * Durations and ages in plain words. Every function takes `now` so tests and
 * callers decide the clock.
 */

/** "45 s", "25 min", "3 h 10 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${days} d ${restHours} h` : `${days} d`;
}

/** Milliseconds between an ISO time and now, or undefined for a missing or invalid time. */
export function elapsedSince(
  iso: string | undefined,
  now: number,
): number | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : now - at;
}

/** "25 min ago", or "just now" for under five seconds. */
export function formatAgo(iso: string | undefined, now: number): string {
  const elapsed = elapsedSince(iso, now);
  if (elapsed === undefined) return 'unknown time';
  if (elapsed < 5000) return 'just now';
  return `${formatDuration(elapsed)} ago`;
}

/** "14:05 UTC": absolute times in UTC so every reader of an incident sees the same clock. */
export function formatClock(iso: string | undefined): string {
  if (!iso) return 'unknown time';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'unknown time';
  return `${at.toISOString().slice(11, 16)} UTC`;
}

/** "2026-01-05 14:05:09 UTC": the exact time, shown on hover beside a humanised one. */
export function formatExact(iso: string | undefined): string {
  if (!iso) return 'unknown time';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'unknown time';
  const text = at.toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 19)} UTC`;
}
