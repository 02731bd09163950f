/*
 * Durations and ages in plain words. Every function takes `now` so tests and
 * callers decide the clock.
 */

import {
  elapsedSince,
  formatDuration,
} from '@internal/backstage-plugin-eks-platform-common';

export { elapsedSince, formatDuration };

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
