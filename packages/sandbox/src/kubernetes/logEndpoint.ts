import http from 'node:http';
import { ClusterState } from './clusterState';
import { LogLine } from './podLogs';
import { parseNonNegativeInteger } from './selection';
import { apiHeaders, StatusError, Statuses } from './status';
import { KubeObject, ResourceDefinition } from './types';

interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: { waiting?: { reason?: string } };
}

/** Which container a log request means, with the kubelet's errors for ambiguous or unknown ones. */
function containerOf(pod: KubeObject, requested: string | null): string {
  const spec = pod.spec as
    | {
        containers?: Array<{ name: string }>;
        initContainers?: Array<{ name: string }>;
      }
    | undefined;
  const names = (spec?.containers ?? []).map(c => c.name);
  const all = [...names, ...(spec?.initContainers ?? []).map(c => c.name)];
  if (!requested) {
    if (names.length === 1) return names[0];
    throw new StatusError(
      Statuses.badRequest(
        `a container name must be specified for pod ${
          pod.metadata.name
        }, choose one of: [${names.join(' ')}]`,
      ),
    );
  }
  if (!all.includes(requested)) {
    throw new StatusError(
      Statuses.badRequest(
        `container ${requested} is not valid for pod ${pod.metadata.name}`,
      ),
    );
  }
  return requested;
}

function format(lines: LogLine[], timestamps: boolean): string {
  return lines
    .map(line => `${timestamps ? `${line.time} ` : ''}${line.text}\n`)
    .join('');
}

/** GET pods/<name>/log: text/plain logs with container, previous, tailLines, sinceSeconds, timestamps, limitBytes, follow. */
export function serveLogs(
  state: ClusterState,
  resource: ResourceDefinition,
  namespace: string,
  name: string,
  params: URLSearchParams,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): void {
  const pod = state.getByResource(resource, namespace, name);
  if (!pod) throw new StatusError(Statuses.notFound(resource, name));
  const container = containerOf(pod, params.get('container'));
  const previous = params.get('previous') === 'true';
  const timestamps = params.get('timestamps') === 'true';
  const follow = params.get('follow') === 'true';
  const tailLines = parseNonNegativeInteger(params, 'tailLines');
  const sinceSeconds = parseNonNegativeInteger(params, 'sinceSeconds');
  const limitBytes = parseNonNegativeInteger(params, 'limitBytes');

  const statuses =
    (pod.status as { containerStatuses?: ContainerStatus[] })
      ?.containerStatuses ?? [];
  const waiting = statuses.find(s => s.name === container)?.state?.waiting;
  if (waiting && !previous) {
    throw new StatusError(
      Statuses.badRequest(
        `container "${container}" in pod "${name}" is waiting to start: ${
          waiting.reason ?? 'ContainerCreating'
        }`,
      ),
    );
  }
  let lines = state.logs.read(namespace, name, container, previous);
  if (!lines) {
    throw new StatusError(
      Statuses.badRequest(
        `previous terminated container "${container}" in pod "${name}" not found`,
      ),
    );
  }
  if (sinceSeconds !== undefined) {
    const since = Date.now() - sinceSeconds * 1000;
    lines = lines.filter(line => Date.parse(line.time) >= since);
  }
  if (tailLines !== undefined)
    lines = tailLines === 0 ? [] : lines.slice(-tailLines);
  let text = format(lines, timestamps);
  if (limitBytes !== undefined)
    text = Buffer.from(text).subarray(0, limitBytes).toString('utf8');

  res.writeHead(200, {
    ...apiHeaders(),
    'Content-Type': 'text/plain',
    ...(follow ? { 'Transfer-Encoding': 'chunked' } : {}),
  });
  if (!follow || previous) {
    res.end(text);
    return;
  }
  res.write(text);
  const unfollow = state.logs.follow(namespace, name, container, line =>
    res.write(format([line], timestamps)),
  );
  // The stream ends when the pod goes away, as when the kubelet's container stops.
  const unsubscribe = state.subscribe(event => {
    if (
      event.type === 'DELETED' &&
      event.resource === resource &&
      event.key === `${namespace}/${name}`
    )
      res.end();
  });
  const cleanup = () => {
    unfollow();
    unsubscribe();
  };
  res.once('close', cleanup);
  req.once('close', cleanup);
}
