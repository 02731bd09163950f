import type { KubeObject } from '../../kubernetes/kubeClient';

/*
 * How Argo CD names and marks the objects an Application manages:
 * `group/kind/namespace/name` keys, and the tracking annotation Argo CD 3
 * writes by default (`argocd.argoproj.io/tracking-id:
 * <app>:<group>/<kind>:<namespace>/<name>`). Tracking by annotation leaves
 * the chart's own `app.kubernetes.io/instance` label alone: label tracking
 * would overwrite it with the Application's name, and with it the
 * Deployment's immutable selector.
 */

export const TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';

export interface ResourceRef {
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
}

export function refOf(object: KubeObject): ResourceRef {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  return {
    group,
    version,
    kind: object.kind,
    namespace: object.metadata.namespace || undefined,
    name: object.metadata.name,
  };
}

export function resourceKey(ref: Omit<ResourceRef, 'version'>): string {
  return `${ref.group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

export function apiVersionOf(ref: Pick<ResourceRef, 'group' | 'version'>) {
  return ref.group ? `${ref.group}/${ref.version}` : ref.version;
}

/** `group/Kind namespace/name`, as messages name a resource. */
export function describeRef(ref: ResourceRef): string {
  return `${ref.group ? `${ref.group}/` : ''}${ref.kind} ${
    ref.namespace ? `${ref.namespace}/` : ''
  }${ref.name}`;
}

export function trackingId(appName: string, ref: ResourceRef): string {
  return `${appName}:${ref.group}/${ref.kind}:${ref.namespace ?? ''}/${
    ref.name
  }`;
}

/** Whether a live object carries this Application's tracking annotation. */
export function isTrackedBy(live: KubeObject, appName: string): boolean {
  return (
    live.metadata.annotations?.[TRACKING_ANNOTATION]?.startsWith(
      `${appName}:`,
    ) ?? false
  );
}

/** Drops `null` values (as `kubectl apply` treats them: not set). */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value))
    return value.filter(v => v !== null).map(withoutNulls) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, withoutNulls(v)]),
    ) as T;
  }
  return value;
}
