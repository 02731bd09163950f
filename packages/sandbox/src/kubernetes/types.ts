/** An object as the Kubernetes API serves it (JSON form). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    generateName?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    generation?: number;
    managedFields?: unknown[];
    ownerReferences?: unknown[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** One REST resource the simulated apiserver serves (what discovery advertises). */
export interface ResourceDefinition {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** URL segment, e.g. `pods`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /**
   * Served from a CustomResourceDefinition: list items keep `apiVersion` and
   * `kind` (the real server encodes them as unstructured objects), whereas
   * built-in typed lists omit them on items.
   */
  custom?: boolean;
  /** Whether `metadata.generation` is maintained (bumped on spec changes). */
  tracksGeneration: boolean;
  /** Read-only resources such as metrics.k8s.io (no watch, no writes). */
  readOnly?: boolean;
  /**
   * Field selector labels beyond `metadata.name` and `metadata.namespace`,
   * each with how the real server derives the value from the object.
   */
  selectableFields?: Record<string, (object: KubeObject) => string>;
  /** Who writes `status` in a real cluster, for realistic managedFields. */
  statusManager?: string;
  /** Who writes the rest of the object in a real cluster. */
  specManager: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A change recorded in the cluster's event history (the watch cache). */
export interface StoredEvent {
  type: WatchEventType;
  resourceVersion: number;
  resource: ResourceDefinition;
  /** `namespace/name` or `name`. */
  key: string;
  /** The object after the change; for DELETED the last state with the deletion's resourceVersion. */
  object: KubeObject;
  /** The object before the change (MODIFIED and DELETED). */
  previous?: KubeObject;
}

export function apiVersionOf(
  resource: Pick<ResourceDefinition, 'group' | 'version'>,
): string {
  return resource.group
    ? `${resource.group}/${resource.version}`
    : resource.version;
}
