import { KubeObject, ObjectSink, WriteMode } from '../types';

/**
 * Records what the simulator writes, for tests of its behaviour alone
 * (zones, HPA decisions, rollouts, crash loops). What a real API server
 * makes of the writes is tested against kube-apiserver in
 * apiServerSink.test.ts.
 */
export class MemorySink implements ObjectSink {
  private readonly objects = new Map<string, KubeObject>();
  /** Objects applied or removed so far. */
  writes = 0;

  private static key(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ) {
    return `${apiVersion}/${kind}/${namespace ?? ''}/${name}`;
  }

  apply(object: KubeObject, mode: WriteMode = 'object'): void {
    this.writes += 1;
    const key = MemorySink.key(
      object.apiVersion,
      object.kind,
      object.metadata.namespace,
      object.metadata.name,
    );
    if (mode === 'object') {
      this.objects.set(key, structuredClone(object));
      return;
    }
    // Someone else's object (put by the test): only status, or the
    // controller's annotations and replicas, change.
    const existing = this.objects.get(key);
    if (!existing) return;
    if (mode === 'status') {
      existing.status = structuredClone(object.status);
      return;
    }
    existing.metadata.annotations = {
      ...existing.metadata.annotations,
      ...object.metadata.annotations,
    };
    if (object.spec?.replicas !== undefined)
      existing.spec = { ...existing.spec, replicas: object.spec.replicas };
  }

  /** Puts an object as someone else would (a test playing Argo CD). */
  put(object: KubeObject): void {
    this.objects.set(
      MemorySink.key(
        object.apiVersion,
        object.kind,
        object.metadata.namespace,
        object.metadata.name,
      ),
      structuredClone(object),
    );
  }

  /** Deletes an object as someone else would. */
  delete(apiVersion: string, kind: string, namespace: string, name: string) {
    this.objects.delete(MemorySink.key(apiVersion, kind, namespace, name));
  }

  remove(object: KubeObject): void {
    this.writes += 1;
    this.objects.delete(
      MemorySink.key(
        object.apiVersion,
        object.kind,
        object.metadata.namespace,
        object.metadata.name,
      ),
    );
  }

  async flush(): Promise<void> {}

  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): any {
    return this.objects.get(MemorySink.key(apiVersion, kind, namespace, name));
  }

  list(apiVersion: string, kind: string, namespace?: string): any[] {
    return [...this.objects.values()].filter(
      o =>
        o.apiVersion === apiVersion &&
        o.kind === kind &&
        (namespace === undefined || o.metadata.namespace === namespace),
    );
  }
}
