import {
  SourceError,
  SourceState,
} from '@internal/backstage-plugin-eks-platform-common';
import { Snapshot } from './SnapshotStore';

export interface InstanceView<T> {
  instance: string;
  /** Label used in errors, e.g. `alertmanager/main`. */
  upstream: string;
  snapshot?: Snapshot<T>;
}

export interface Combined<T> {
  state: Exclude<SourceState, 'not-configured'>;
  fetchedAt?: string;
  error?: SourceError;
  /** Instances that have data (fresh or last good). */
  usable: Array<{ instance: string; data: T }>;
  /** Per-instance health, for sources that show it. */
  perInstance: Array<{
    instance: string;
    state: 'ok' | 'error';
    error?: SourceError;
  }>;
}

/**
 * Folds the snapshots of several instances into one source state: `ok` when
 * every instance is fresh, `stale` when some failed but data exists (theirs
 * from the last good poll, or others'), `error` when nothing usable exists.
 */
export function combineSnapshots<T>(views: InstanceView<T>[]): Combined<T> {
  const usable: Combined<T>['usable'] = [];
  const perInstance: Combined<T>['perInstance'] = [];
  let firstError: SourceError | undefined;
  let oldest: string | undefined;
  for (const view of views) {
    const s = view.snapshot;
    let error: SourceError | undefined;
    if (!s) {
      error = {
        upstream: view.upstream,
        message: 'no data yet: the first poll has not finished',
      };
    } else if (s.error) {
      error = {
        upstream: view.upstream,
        message: s.error.message,
        since: s.error.since,
      };
    }
    if (s?.data !== undefined && s.fetchedAt) {
      usable.push({ instance: view.instance, data: s.data });
      if (!oldest || s.fetchedAt < oldest) oldest = s.fetchedAt;
    }
    if (error && !firstError) firstError = error;
    perInstance.push({
      instance: view.instance,
      state: error ? 'error' : 'ok',
      error,
    });
  }
  let state: Combined<T>['state'] = 'ok';
  if (firstError) state = usable.length > 0 ? 'stale' : 'error';
  return { state, fetchedAt: oldest, error: firstError, usable, perInstance };
}
