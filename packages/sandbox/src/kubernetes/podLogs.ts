import { EventEmitter } from 'node:events';

export interface LogLine {
  /** RFC 3339 with nanoseconds, as the kubelet timestamps lines. */
  time: string;
  text: string;
}

interface ContainerLogs {
  current: LogLine[];
  /** The instance before the last restart (`?previous=true`). */
  previous?: LogLine[];
}

/** Lines kept per container instance, like the kubelet's log rotation keeps a bounded file. */
const MAX_LINES = 2000;

function nanoTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/**
 * Container logs of a simulated cluster. The kubelet owns them on a real
 * cluster; here whoever drives the workload writes them, and the API server
 * serves them on `pods/<name>/log`.
 */
export class PodLogStore {
  private readonly containers = new Map<string, ContainerLogs>();
  private readonly emitter = new EventEmitter();

  constructor(private readonly now: () => Date = () => new Date()) {
    this.emitter.setMaxListeners(0);
  }

  private static key(
    namespace: string,
    pod: string,
    container: string,
  ): string {
    return `${namespace}/${pod}/${container}`;
  }

  /** Appends one line to a container's current log. */
  append(
    namespace: string,
    pod: string,
    container: string,
    text: string,
    time?: Date,
  ): void {
    const key = PodLogStore.key(namespace, pod, container);
    const logs = this.containers.get(key) ?? { current: [] };
    const line = {
      time: nanoTime(time ?? this.now()),
      text: text.replace(/\n$/, ''),
    };
    logs.current.push(line);
    if (logs.current.length > MAX_LINES)
      logs.current.splice(0, logs.current.length - MAX_LINES);
    this.containers.set(key, logs);
    this.emitter.emit(key, line);
  }

  /** A container restart: the current log becomes the previous instance's. */
  restart(namespace: string, pod: string, container: string): void {
    const key = PodLogStore.key(namespace, pod, container);
    const logs = this.containers.get(key) ?? { current: [] };
    this.containers.set(key, { current: [], previous: logs.current });
  }

  /** Forgets a pod's logs (the pod was deleted). */
  forget(namespace: string, pod: string): void {
    for (const key of [...this.containers.keys()]) {
      if (key.startsWith(`${namespace}/${pod}/`)) this.containers.delete(key);
    }
  }

  /** Lines of the current or previous instance; undefined when there was no previous instance. */
  read(
    namespace: string,
    pod: string,
    container: string,
    previous = false,
  ): LogLine[] | undefined {
    const logs = this.containers.get(
      PodLogStore.key(namespace, pod, container),
    );
    if (previous) return logs?.previous && [...logs.previous];
    return [...(logs?.current ?? [])];
  }

  /** Calls back for every new line of a container; returns the unsubscribe function. */
  follow(
    namespace: string,
    pod: string,
    container: string,
    listener: (line: LogLine) => void,
  ): () => void {
    const key = PodLogStore.key(namespace, pod, container);
    this.emitter.on(key, listener);
    return () => this.emitter.off(key, listener);
  }
}
