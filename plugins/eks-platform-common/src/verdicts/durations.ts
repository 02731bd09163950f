/*
 * Durations in plain words, shared by the overview's verdicts (browser) and
 * the agents' tools (backend). Every function takes `now` so callers decide
 * the clock.
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
