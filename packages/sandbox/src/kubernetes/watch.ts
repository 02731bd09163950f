import http from 'node:http';
import { ClusterState } from './clusterState';
import {
  parseNonNegativeInteger,
  parseResourceVersion,
  Selection,
  selectionFrom,
} from './selection';
import { apiHeaders, failure, StatusError, Statuses } from './status';
import { apiVersionOf, ResourceDefinition, StoredEvent } from './types';

export interface WatchSettings {
  /** How often BOOKMARK events are sent to watchers that allow them (real servers: about a minute). */
  bookmarkIntervalMs: number;
  /** Stream lifetime without `timeoutSeconds` (real servers: 30–60 min). */
  defaultTimeoutSeconds: number;
}

type WireEvent = { type: string; object: unknown };

/**
 * What one watcher sees of a stored event, as the apiserver's cacheWatcher
 * decides it: an object entering the selector is ADDED, one leaving it is
 * DELETED (previous content, the event's resourceVersion).
 */
export function eventFor(
  selection: Selection,
  event: StoredEvent,
): WireEvent | undefined {
  const currentPasses =
    event.type !== 'DELETED' && selection.matches(event.object);
  const previousPasses =
    event.previous !== undefined && selection.matches(event.previous);
  if (currentPasses && !previousPasses)
    return { type: 'ADDED', object: event.object };
  if (currentPasses && previousPasses)
    return { type: 'MODIFIED', object: event.object };
  if (!currentPasses && previousPasses) {
    if (event.type === 'DELETED')
      return { type: 'DELETED', object: event.object };
    const object = structuredClone(event.previous!);
    object.metadata.resourceVersion = String(event.resourceVersion);
    return { type: 'DELETED', object };
  }
  return undefined;
}

function bookmark(
  resource: ResourceDefinition,
  version: number,
  initialEventsEnd = false,
): WireEvent {
  const metadata: Record<string, unknown> = {
    resourceVersion: String(version),
  };
  if (initialEventsEnd)
    metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return {
    type: 'BOOKMARK',
    object: {
      kind: resource.kind,
      apiVersion: apiVersionOf(resource),
      metadata,
    },
  };
}

/** Validates a WATCH before the 200 is sent, so that bad requests still get a Status with a code. */
export function prepareWatch(
  resource: ResourceDefinition,
  namespace: string | undefined,
  params: URLSearchParams,
): { selection: Selection; timeoutSeconds?: number } {
  if (resource.readOnly) throw new StatusError(Statuses.methodNotAllowed());
  const selection = selectionFrom(resource, namespace, params);
  const timeoutSeconds = parseNonNegativeInteger(params, 'timeoutSeconds');
  const rv = params.get('resourceVersion');
  if (rv && rv !== '0') parseResourceVersion(rv);
  const sendInitialEvents = params.get('sendInitialEvents');
  if (
    sendInitialEvents === 'true' &&
    params.get('resourceVersionMatch') !== 'NotOlderThan'
  ) {
    throw new StatusError(
      Statuses.invalidListOptions(
        'resourceVersionMatch',
        'Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
      ),
    );
  }
  if (
    sendInitialEvents === 'true' &&
    params.get('allowWatchBookmarks') !== 'true'
  ) {
    throw new StatusError(
      Statuses.invalidListOptions(
        'allowWatchBookmarks',
        'Forbidden: sendInitialEvents requires allowWatchBookmarks=true',
      ),
    );
  }
  return { selection, timeoutSeconds };
}

/** Streams newline-delimited watch events until the client leaves, the timeout ends or the server stops. */
export function streamWatch(
  state: ClusterState,
  resource: ResourceDefinition,
  params: URLSearchParams,
  prepared: ReturnType<typeof prepareWatch>,
  settings: WatchSettings,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): void {
  const { selection } = prepared;
  res.writeHead(200, {
    ...apiHeaders(),
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  const write = (event: WireEvent) => {
    if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
  };

  const rvText = params.get('resourceVersion') ?? '';
  const sendInitialEvents = params.get('sendInitialEvents') === 'true';
  // A watch from a future version waits for it: nothing at or below it is sent.
  let startAfter = 0;
  const replayFromCurrent =
    sendInitialEvents || rvText === '' || rvText === '0';
  if (replayFromCurrent) {
    // "Get State and Start at Most Recent": synthetic ADDED for what exists now.
    for (const object of state.objectsOf(resource)) {
      if (selection.matches(object)) write({ type: 'ADDED', object });
    }
    if (sendInitialEvents)
      write(bookmark(resource, state.resourceVersion, true));
  } else {
    const from = Number(rvText);
    startAfter = from;
    const events = state.eventsAfter(from);
    if (!events) {
      write({
        type: 'ERROR',
        object: failure(
          410,
          'Expired',
          `too old resource version: ${from} (${state.oldestResumableVersion})`,
        ),
      });
      res.end();
      return;
    }
    for (const event of events) {
      if (event.resource !== resource) continue;
      const wire = eventFor(selection, event);
      if (wire) write(wire);
    }
  }

  const unsubscribe = state.subscribe(event => {
    if (event.resource !== resource || event.resourceVersion <= startAfter)
      return;
    const wire = eventFor(selection, event);
    if (wire) write(wire);
  });
  const timers: NodeJS.Timeout[] = [];
  if (params.get('allowWatchBookmarks') === 'true') {
    timers.push(
      setInterval(
        () => write(bookmark(resource, state.resourceVersion)),
        settings.bookmarkIntervalMs,
      ),
    );
  }
  const timeoutSeconds =
    prepared.timeoutSeconds ?? settings.defaultTimeoutSeconds;
  timers.push(setTimeout(() => res.end(), timeoutSeconds * 1000));
  for (const timer of timers) timer.unref?.();

  const cleanup = () => {
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
  };
  res.once('close', cleanup);
  req.once('close', cleanup);
}
