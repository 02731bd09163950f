import { randomUUID } from 'node:crypto';
import { findByKind, RESOURCES } from './resources';
import {
  KubeObject,
  ResourceDefinition,
  StoredEvent,
  WatchEventType,
} from './types';
import { buildManagedFields } from './managedFields';
import { PodLogStore } from './podLogs';

export interface ClusterStateOptions {
  /**
   * How many events are kept for watch resumption and consistent paging
   * (the apiserver's watch cache / etcd history). Older versions get 410.
   */
  historyLimit?: number;
  /** For deterministic timestamps in tests. */
  now?: () => Date;
}

export interface ApplyOptions {
  /** managedFields manager; defaults to who writes this kind in a real cluster. */
  manager?: string;
}

type Listener = (event: StoredEvent) => void;

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function kubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function objectKey(object: Pick<KubeObject, 'metadata'>): string {
  return object.metadata.namespace
    ? `${object.metadata.namespace}/${object.metadata.name}`
    : object.metadata.name;
}

/** Storage-key order (etcd keys are compared bytewise). */
function byKey([a]: [string, unknown], [b]: [string, unknown]): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Sorted-key JSON, so that key order never makes an unchanged object look changed. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter(key => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map(
        key =>
          `${JSON.stringify(key)}:${canonical(
            (value as Record<string, unknown>)[key],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function userContent(object: KubeObject): string {
  const {
    resourceVersion,
    uid,
    creationTimestamp,
    generation,
    managedFields,
    ...metadata
  } = object.metadata;
  return canonical({ ...object, metadata });
}

function specContent(object: KubeObject): string {
  const { metadata, status, ...rest } = object;
  return canonical(rest);
}

type ManagedFieldsEntry = {
  manager?: string;
  subresource?: string;
  time?: string;
  fieldsV1?: unknown;
};

/** A manager's entry keeps its old time unless the fields it owns changed, as on a real server. */
function refreshManagedFields(
  previous: unknown[] | undefined,
  next: unknown[],
): unknown[] {
  const old = (previous ?? []) as ManagedFieldsEntry[];
  return (next as ManagedFieldsEntry[]).map(entry => {
    const same = old.find(
      o =>
        o.manager === entry.manager &&
        o.subresource === entry.subresource &&
        canonical(o.fieldsV1) === canonical(entry.fieldsV1),
    );
    return same ? { ...entry, time: same.time } : entry;
  });
}

/**
 * The object store of one simulated cluster: what etcd plus the watch cache
 * hold. One resourceVersion counter per cluster (like etcd's revision), a
 * bounded history of changes for watch resumption and consistent paging.
 */
export class ClusterState {
  private readonly stores = new Map<
    ResourceDefinition,
    Map<string, KubeObject>
  >();
  private readonly listeners = new Set<Listener>();
  private history: StoredEvent[] = [];
  private revision = 0;
  private compactedRevision = 0;
  private historyLimit: number;
  private readonly now: () => Date;
  /** Container logs served on `pods/<name>/log` (the kubelet's part of a real cluster). */
  readonly logs: PodLogStore;

  constructor(options: ClusterStateOptions = {}) {
    this.historyLimit = options.historyLimit ?? 10000;
    this.now = options.now ?? (() => new Date());
    this.logs = new PodLogStore(this.now);
    for (const resource of RESOURCES) this.stores.set(resource, new Map());
  }

  /** The latest resourceVersion of the cluster. */
  get resourceVersion(): number {
    return this.revision;
  }

  /** Versions at or above this can still be watched from or listed exactly. */
  get oldestResumableVersion(): number {
    return this.compactedRevision;
  }

  setHistoryLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new Error(
        `watch history must be a non-negative integer, got ${limit}`,
      );
    }
    this.historyLimit = limit;
    this.trimHistory();
  }

  /** Drops all history, like an etcd compaction: every older resourceVersion becomes 410. */
  compact(): void {
    this.compactedRevision = this.revision;
    this.history = [];
  }

  resolve(apiVersion: string, kind: string): ResourceDefinition {
    const resource = findByKind(apiVersion, kind);
    if (!resource) {
      const known = RESOURCES.map(
        r => `${r.group ? `${r.group}/` : ''}${r.version} ${r.kind}`,
      ).join(', ');
      throw new Error(
        `the simulated cluster does not serve kind ${kind} in ${apiVersion}; known kinds: ${known}`,
      );
    }
    return resource;
  }

  /** Creates or replaces an object; unchanged content is a no-op, as on a real server. */
  apply(input: KubeObject, options: ApplyOptions = {}): KubeObject {
    const resource = this.resolve(input.apiVersion, input.kind);
    const object = structuredClone(input);
    if (
      !object.metadata ||
      typeof object.metadata.name !== 'string' ||
      object.metadata.name === ''
    ) {
      throw new Error(`${input.kind} needs metadata.name`);
    }
    if (resource.namespaced && !object.metadata.namespace) {
      throw new Error(
        `${input.kind} "${object.metadata.name}" needs metadata.namespace (the kind is namespaced)`,
      );
    }
    if (!resource.namespaced) delete object.metadata.namespace;
    // Go's omitempty: empty label and annotation maps are not part of the stored object.
    for (const field of ['labels', 'annotations'] as const) {
      const map = object.metadata[field];
      if (map && Object.keys(map).length === 0) delete object.metadata[field];
    }

    const store = this.stores.get(resource)!;
    const key = objectKey(object);
    const existing = store.get(key);
    if (existing && userContent(existing) === userContent(object))
      return structuredClone(existing);

    const now = kubeTime(this.now());
    const metadata = object.metadata;
    metadata.uid = existing?.metadata.uid ?? metadata.uid ?? randomUUID();
    metadata.creationTimestamp =
      existing?.metadata.creationTimestamp ?? metadata.creationTimestamp ?? now;
    if (resource.tracksGeneration) {
      const previous = existing?.metadata.generation ?? 0;
      metadata.generation =
        !existing || specContent(existing) !== specContent(object)
          ? previous + 1
          : previous;
    } else {
      delete metadata.generation;
    }
    // Aggregated metrics objects (metrics.k8s.io) carry no managedFields on a real cluster.
    if (!metadata.managedFields && !resource.readOnly) {
      metadata.managedFields = refreshManagedFields(
        existing?.metadata.managedFields,
        buildManagedFields(resource, object, now, options.manager),
      );
    }
    metadata.resourceVersion = String(++this.revision);
    store.set(key, object);
    this.record(
      existing ? 'MODIFIED' : 'ADDED',
      resource,
      key,
      object,
      existing,
    );
    return structuredClone(object);
  }

  /** Deletes an object; returns its last state, or undefined when it did not exist. */
  remove(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const resource = this.resolve(apiVersion, kind);
    const store = this.stores.get(resource)!;
    const key = resource.namespaced ? `${namespace}/${name}` : name;
    const existing = store.get(key);
    if (!existing) return undefined;
    store.delete(key);
    if (resource.kind === 'Pod' && resource.group === '')
      this.logs.forget(namespace!, name);
    // The DELETED event carries the last state with the deletion's resourceVersion.
    const deleted = structuredClone(existing);
    deleted.metadata.resourceVersion = String(++this.revision);
    this.record('DELETED', resource, key, deleted, existing);
    return structuredClone(deleted);
  }

  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const resource = this.resolve(apiVersion, kind);
    const object = this.getByResource(resource, namespace, name);
    return object && structuredClone(object);
  }

  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    const resource = this.resolve(apiVersion, kind);
    return this.objectsOf(resource)
      .filter(
        object =>
          namespace === undefined || object.metadata.namespace === namespace,
      )
      .map(object => structuredClone(object));
  }

  /** Internal read without copying; callers must not mutate. */
  getByResource(
    resource: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.stores
      .get(resource)!
      .get(resource.namespaced ? `${namespace}/${name}` : name);
  }

  /** Current objects of a resource, sorted by storage key. Callers must not mutate. */
  objectsOf(resource: ResourceDefinition): KubeObject[] {
    return [...this.stores.get(resource)!.entries()]
      .sort(byKey)
      .map(([, object]) => object);
  }

  /**
   * The objects of a resource as they were at `version`, rebuilt by undoing
   * later events; undefined when that version is older than the history.
   */
  objectsAt(
    resource: ResourceDefinition,
    version: number,
  ): KubeObject[] | undefined {
    if (version < this.compactedRevision) return undefined;
    const snapshot = new Map(this.stores.get(resource)!);
    for (
      let i = this.history.length - 1;
      i >= 0 && this.history[i].resourceVersion > version;
      i--
    ) {
      const event = this.history[i];
      if (event.resource !== resource) continue;
      if (event.type === 'ADDED') snapshot.delete(event.key);
      else snapshot.set(event.key, event.previous!);
    }
    return [...snapshot.entries()].sort(byKey).map(([, object]) => object);
  }

  /** Events after `version`, or undefined when some of them were already dropped (410). */
  eventsAfter(version: number): StoredEvent[] | undefined {
    if (version < this.compactedRevision) return undefined;
    return this.history.filter(event => event.resourceVersion > version);
  }

  /** Called synchronously for every change; returns an unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(
    type: WatchEventType,
    resource: ResourceDefinition,
    key: string,
    object: KubeObject,
    previous: KubeObject | undefined,
  ): void {
    const event: StoredEvent = {
      type,
      resourceVersion: this.revision,
      resource,
      key,
      object,
      previous,
    };
    this.history.push(event);
    this.trimHistory();
    for (const listener of [...this.listeners]) listener(event);
  }

  private trimHistory(): void {
    while (this.history.length > this.historyLimit) {
      this.compactedRevision = this.history.shift()!.resourceVersion;
    }
  }
}
