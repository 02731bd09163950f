import {
  SourceResult,
  TracesStatus,
} from '@internal/backstage-plugin-eks-platform-common';
import { Snapshot } from '../../cache/SnapshotStore';
import { TracesConfig } from '../../config/readPlatformConfig';
import { publicBaseUrl } from '@internal/backstage-plugin-eks-platform-node';
import { StoredTraces } from './tracesPoller';

export function tracesForEntity(
  snapshot: Snapshot<StoredTraces> | undefined,
  service: string,
  config: TracesConfig,
): SourceResult<TracesStatus> {
  const upstream = config.source === 'prometheus' ? 'prometheus' : 'jaeger';
  if (!snapshot) {
    return {
      state: 'error',
      error: {
        upstream,
        message: `no trace metrics yet for service '${service}': the first poll has not finished`,
      },
    };
  }
  const ui = config.jaeger
    ? publicBaseUrl(config.jaeger.uiUrl ?? config.jaeger.url)
    : undefined;
  const data: TracesStatus | undefined = snapshot.data
    ? {
        ...snapshot.data,
        jaegerUrl: ui
          ? `${ui}/search?service=${encodeURIComponent(service)}`
          : undefined,
      }
    : undefined;
  const error = snapshot.error
    ? { upstream, message: snapshot.error.message, since: snapshot.error.since }
    : undefined;
  return {
    state: stateOf(error !== undefined, data !== undefined),
    fetchedAt: snapshot.fetchedAt,
    error,
    data,
  };
}

function stateOf(failed: boolean, hasData: boolean): 'ok' | 'stale' | 'error' {
  if (!failed) return 'ok';
  return hasData ? 'stale' : 'error';
}
