import { Config } from '@backstage/config';

export interface UpgradePullRequestRefreshConfig {
  /** Minutes between background refreshes. */
  frequencyMinutes: number;
  /** GitHub calls one refresh makes at most. */
  batchSize: number;
  /** GitHub calls in flight at once. */
  concurrency: number;
}

const KEY = 'eksPlatform.templateUpgrades.pullRequestRefresh';

function positiveInteger(
  config: Config | undefined,
  key: string,
  fallback: number,
  max: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(
      `${KEY}.${key} must be an integer from 1 to ${max}, got ${value}`,
    );
  return value;
}

/**
 * How the fleet's upgrade pull-request states are kept fresh. Defaults: a
 * run every 10 minutes of at most 200 GitHub calls, 4 at a time: 1,200
 * calls an hour at most, a quarter of a GitHub App's 5,000.
 */
export function readUpgradePullRequestRefresh(
  config: Config,
): UpgradePullRequestRefreshConfig {
  const section = config.getOptionalConfig(KEY);
  return {
    frequencyMinutes: positiveInteger(section, 'frequencyMinutes', 10, 1440),
    batchSize: positiveInteger(section, 'batchSize', 200, 5000),
    concurrency: positiveInteger(section, 'concurrency', 4, 32),
  };
}

/** A state not confirmed for three refresh periods is shown as stale. */
export function staleAfterMs(refresh: UpgradePullRequestRefreshConfig) {
  return 3 * refresh.frequencyMinutes * 60_000;
}
