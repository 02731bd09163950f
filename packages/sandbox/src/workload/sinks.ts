import type { ClusterState } from '../kubernetes/clusterState';
import { KubeObject, ObjectSink } from './types';

/** Sorted-key JSON: key order must not make equal specs look different. */
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

function specOf(object: KubeObject): string {
  const { metadata, status, ...rest } = object;
  return canonical(rest);
}

/**
 * Writes the simulator's objects into a simulated API server's ClusterState.
 * The API server owns `metadata.generation` (bumped on spec changes); the
 * simulated controllers report they observed that generation, as real
 * controllers do once they have reconciled.
 */
export function clusterStateSink(state: ClusterState): ObjectSink {
  return {
    apply(input) {
      let object = input;
      const observed = object.status?.observedGeneration;
      if (typeof observed === 'number') {
        // Read-only peek without the defensive copy `get()` makes: this runs
        // for thousands of objects per tick in large fleets.
        const existing = state.getByResource(
          state.resolve(object.apiVersion, object.kind),
          object.metadata.namespace,
          object.metadata.name,
        ) as KubeObject | undefined;
        const previous = existing?.metadata.generation ?? 0;
        const generation =
          existing && specOf(existing) === specOf(object)
            ? previous
            : previous + 1;
        object = {
          ...object,
          status: { ...object.status, observedGeneration: generation },
        };
      }
      state.apply(object as any, { manager: undefined });
    },
    remove(object) {
      state.remove(
        object.apiVersion,
        object.kind,
        object.metadata.namespace,
        object.metadata.name,
      );
    },
  };
}
