import { Config } from '@backstage/config';
import { DEFAULT_RETRY, RetryOptions } from '../http/retry';
import { DEFAULT_TIMEOUT_MS } from '../http/UpstreamHttpClient';

/** Timeout and retry settings of every upstream call an action makes. */
export interface CallPolicy {
  timeoutMs: number;
  retry: RetryOptions;
}

function positiveNumber(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!(value > 0)) {
    throw new Error(
      `eksPlatform.actions.${key} must be a positive number, got ${value}`,
    );
  }
  return value;
}

/** Timeout and retry settings from `eksPlatform.actions`. */
export function readCallPolicy(config: Config): CallPolicy {
  const actions = config.getOptionalConfig('eksPlatform.actions');
  return {
    timeoutMs: positiveNumber(actions, 'timeoutMs', DEFAULT_TIMEOUT_MS),
    retry: {
      attempts: positiveNumber(
        actions,
        'retry.attempts',
        DEFAULT_RETRY.attempts,
      ),
      baseDelayMs: positiveNumber(
        actions,
        'retry.baseDelayMs',
        DEFAULT_RETRY.baseDelayMs,
      ),
      maxDelayMs: positiveNumber(
        actions,
        'retry.maxDelayMs',
        DEFAULT_RETRY.maxDelayMs,
      ),
    },
  };
}
