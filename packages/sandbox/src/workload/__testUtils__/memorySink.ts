import { KubeObject, ObjectSink } from '../types';

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

  apply(object: KubeObject): void {
    this.writes += 1;
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
