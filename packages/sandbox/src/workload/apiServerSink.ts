import { KubeApiError, KubeClient } from '../kubernetes/kubeClient';
import { canonicalJson } from './canonicalJson';
import { KubeObject, ObjectSink, WriteMode } from './types';

/** What the API server last told us about an object we wrote. */
interface Known {
  uid: string;
  resourceVersion: string;
  generation: number;
  /** Canonical JSON of what we last wrote outside `status`. */
  spec: string;
  /** Canonical JSON of the status we last wrote (after generation fix-ups). */
  status?: string;
}

type Pending =
  | { op: 'apply'; object: KubeObject; mode: WriteMode }
  | { op: 'remove'; object: KubeObject };

/** The field manager of the simulator's server-side applies. */
export const WORKLOAD_FIELD_MANAGER = 'eks-platform-workload-simulator';

export interface FlushStats {
  /** Objects created, replaced, status-updated or deleted. */
  writes: number;
  requests: number;
  errors: number;
  ms: number;
}

/*
 * Writes go in dependency order: namespaces and service accounts before
 * pods (admission needs them), owners before the objects that point at
 * their uid. Deletions go in the reverse order.
 */
const PHASE: Record<string, number> = {
  Namespace: 0,
  Node: 0,
  ServiceAccount: 1,
  Deployment: 2,
  ReplicaSet: 3,
  Pod: 4,
};
const phaseOf = (kind: string) => PHASE[kind] ?? 2;

/** Kinds whose spec the API server forbids changing after creation (pods: nearly all of it). */
const IMMUTABLE_SPEC = new Set(['Pod']);
/** Kinds whose status only the API server writes. */
const SERVER_STATUS = new Set(['Namespace']);

const keyOf = (o: KubeObject) =>
  `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function ownerKey(namespace: string | undefined, ref: any): string {
  return `${ref.apiVersion}/${ref.kind}/${namespace ?? ''}/${ref.name}`;
}

async function pool<T>(
  items: T[],
  concurrency: number,
  run: (item: T) => Promise<void>,
) {
  let next = 0;
  const workers = Array.from(
    { length: Math.min(concurrency, items.length) },
    async () => {
      while (next < items.length) await run(items[next++]);
    },
  );
  await Promise.all(workers);
}

/**
 * An ObjectSink that writes to a real kube-apiserver the way controllers
 * and kubelets do: spec through the resource, status through its
 * `/status` subresource, each PUT conditional on the resourceVersion the
 * server last returned (read-your-writes), only what changed, batched per
 * flush with bounded concurrency. Server-owned fields (uid,
 * creationTimestamp, generation) come from the server: owner references
 * get the owner's real uid, `observedGeneration` the real generation.
 */
export class ApiServerSink implements ObjectSink {
  private readonly known = new Map<string, Known>();
  /** uids of objects someone else created, learnt from status writes (owner references). */
  private readonly foreign = new Map<string, string>();
  private pending = new Map<string, Pending>();
  /** Writes that failed, retried on the next flush unless superseded. */
  private retry = new Map<string, Pending>();
  private flushing?: Promise<FlushStats>;

  constructor(
    private readonly client: KubeClient,
    private readonly options: {
      concurrency?: number;
      log?: (message: string) => void;
    } = {},
  ) {}

  apply(object: KubeObject, mode: WriteMode = 'object'): void {
    const key = mode === 'object' ? keyOf(object) : `${mode}:${keyOf(object)}`;
    this.pending.set(key, { op: 'apply', object, mode });
  }

  remove(object: KubeObject): void {
    this.pending.set(keyOf(object), { op: 'remove', object });
  }

  /** The server's uid of an object written through this sink. */
  uidOf(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>) {
    return this.known.get(keyOf(object as KubeObject))?.uid;
  }

  /** Performs the queued writes; concurrent calls wait for the one running. */
  async flush(): Promise<FlushStats> {
    while (this.flushing) await this.flushing.catch(() => {});
    this.flushing = this.flushOnce();
    try {
      return await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  /** Forgets what the server has, so the next writes start over (e.g. after a reset). */
  reset(): void {
    this.known.clear();
    this.foreign.clear();
    this.retry.clear();
  }

  private async flushOnce(): Promise<FlushStats> {
    const started = Date.now();
    const batch = new Map([...this.retry, ...this.pending]);
    this.pending = new Map();
    this.retry = new Map();
    const stats: FlushStats = { writes: 0, requests: 0, errors: 0, ms: 0 };
    const concurrency = this.options.concurrency ?? 32;
    const byPhase = new Map<number, Array<[string, Pending]>>();
    for (const entry of batch) {
      const phase =
        entry[1].op === 'apply'
          ? phaseOf(entry[1].object.kind)
          : 10 - phaseOf(entry[1].object.kind);
      byPhase.set(phase, [...(byPhase.get(phase) ?? []), entry]);
    }
    for (const phase of [...byPhase.keys()].sort((a, b) => a - b)) {
      await pool(byPhase.get(phase)!, concurrency, async ([key, item]) => {
        try {
          let requests: number;
          if (item.op === 'remove')
            requests = await this.delete(key, item.object);
          else if (item.mode === 'object')
            requests = await this.write(key, item.object);
          else requests = await this.writeForeign(item.object, item.mode);
          stats.requests += requests;
          if (requests > 0) stats.writes += 1;
        } catch (error) {
          stats.errors += 1;
          // A newer state queued meanwhile wins; otherwise try again next time.
          if (!this.pending.has(key)) this.retry.set(key, item);
          this.options.log?.(
            `workload: writing ${key} failed: ${(error as Error).message}`,
          );
        }
      });
    }
    stats.ms = Date.now() - started;
    return stats;
  }

  /** Metadata the server owns is never sent; owner uids are the server's. */
  private prepare(object: KubeObject): KubeObject {
    const {
      uid,
      creationTimestamp,
      resourceVersion,
      generation,
      managedFields,
      ...metadata
    } = object.metadata;
    const refs = metadata.ownerReferences as any[] | undefined;
    if (refs) {
      metadata.ownerReferences = refs.flatMap(ref => {
        const key = ownerKey(metadata.namespace, ref);
        const owner = this.known.get(key)?.uid ?? this.foreign.get(key);
        return owner ? [{ ...ref, uid: owner }] : [];
      });
    }
    return { ...object, metadata } as KubeObject;
  }

  /** `observedGeneration` fields report the generation the server assigned. */
  private observed(status: any, generation: number): any {
    if (!status || typeof status !== 'object') return status;
    const fixed = { ...status };
    if (typeof fixed.observedGeneration === 'number')
      fixed.observedGeneration = generation;
    if (Array.isArray(fixed.conditions)) {
      fixed.conditions = fixed.conditions.map((c: any) =>
        typeof c?.observedGeneration === 'number'
          ? { ...c, observedGeneration: generation }
          : c,
      );
    }
    return fixed;
  }

  private remember(key: string, written: KubeObject, spec: string) {
    const previous = this.known.get(key);
    this.known.set(key, {
      uid: written.metadata.uid!,
      resourceVersion: written.metadata.resourceVersion!,
      generation: written.metadata.generation ?? 0,
      spec,
      status: previous?.status,
    });
  }

  private async write(
    key: string,
    input: KubeObject,
    again = false,
  ): Promise<number> {
    try {
      return await this.writeOnce(key, input);
    } catch (error) {
      // Deleted behind our back (e.g. by a test): create it anew, once.
      if (
        !again &&
        error instanceof KubeApiError &&
        error.status === 404 &&
        this.known.has(key)
      ) {
        this.known.delete(key);
        return 1 + (await this.write(key, input, true));
      }
      throw error;
    }
  }

  private async writeOnce(key: string, input: KubeObject): Promise<number> {
    const object = this.prepare(input);
    const { status, ...rest } = object;
    const spec = canonicalJson(rest);
    let requests = 0;
    let known = this.known.get(key);
    if (!known) {
      try {
        requests += 1;
        this.remember(key, await this.client.create(rest as KubeObject), spec);
      } catch (error) {
        if (!(error instanceof KubeApiError && error.status === 409))
          throw error;
        // Already there (written before a reset): adopt it and replace below.
        requests += 1;
        this.remember(
          key,
          await this.client.get(
            object.apiVersion,
            object.kind,
            object.metadata.namespace,
            object.metadata.name,
          ),
          '',
        );
      }
      known = this.known.get(key)!;
    }
    if (known.spec !== spec && !IMMUTABLE_SPEC.has(object.kind)) {
      requests += await this.conditional(key, rest as KubeObject, o =>
        this.client.replace(o),
      );
      this.known.get(key)!.spec = spec;
    }
    if (status === undefined || SERVER_STATUS.has(object.kind)) return requests;
    known = this.known.get(key)!;
    const fixed = this.observed(status, known.generation);
    const statusJson = canonicalJson(fixed);
    if (known.status === statusJson) return requests;
    requests += await this.conditional(
      key,
      { ...object, status: fixed } as KubeObject,
      o => this.client.replaceStatus(o),
    );
    this.known.get(key)!.status = statusJson;
    return requests;
  }

  /**
   * A PUT conditional on the last resourceVersion we saw. On a conflict
   * (someone else wrote the object, e.g. a test), read it once and retry.
   */
  private async conditional(
    key: string,
    object: KubeObject,
    put: (o: KubeObject) => Promise<KubeObject>,
  ): Promise<number> {
    const known = this.known.get(key)!;
    const withVersion = (rv: string) =>
      ({
        ...object,
        metadata: { ...object.metadata, resourceVersion: rv },
      } as KubeObject);
    let answer: KubeObject;
    let requests = 1;
    try {
      answer = await put(withVersion(known.resourceVersion));
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 409)) throw error;
      const current = await this.client.get(
        object.apiVersion,
        object.kind,
        object.metadata.namespace,
        object.metadata.name,
      );
      answer = await put(withVersion(current.metadata.resourceVersion!));
      requests += 2;
    }
    known.resourceVersion = answer.metadata.resourceVersion!;
    known.generation = answer.metadata.generation ?? known.generation;
    known.uid = answer.metadata.uid ?? known.uid;
    return requests;
  }

  /**
   * A write on an object someone else owns: its status subresource, or the
   * few fields a controller owns (server-side apply, so nothing else of
   * the object is touched and no resourceVersion is needed). An object
   * deleted meanwhile is nothing to write.
   */
  private async writeForeign(
    object: KubeObject,
    mode: Exclude<WriteMode, 'object'>,
  ): Promise<number> {
    try {
      const answer = await this.client.apply(object, {
        fieldManager: WORKLOAD_FIELD_MANAGER,
        force: true,
        subresource: mode === 'status' ? 'status' : undefined,
      });
      if (answer?.metadata?.uid)
        this.foreign.set(keyOf(object), answer.metadata.uid);
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 404)) throw error;
      this.foreign.delete(keyOf(object));
    }
    return 1;
  }

  private async delete(key: string, object: KubeObject): Promise<number> {
    this.known.delete(key);
    try {
      await this.client.remove(object);
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 404)) throw error;
    }
    return 1;
  }
}
