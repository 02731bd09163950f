import { entityName } from '../../catalog/entityRefs';
import { OwnershipMarker, markerFromMap, markerToMap } from '../marker';

/**
 * Labels for selecting a team's or a service's Argo CD objects
 * (`-l eks.platform/owner=team-a`). Label values cannot hold `:` or `/`,
 * so they carry names only; the annotations hold the full refs and are
 * what ownership is decided on.
 */
export const ARGOCD_MARKER_LABELS = {
  owner: 'eks.platform/owner',
  service: 'eks.platform/service',
} as const;

interface KubernetesMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** Labels and annotations of an Application or AppProject for this marker. */
export function argoCdMarkerMetadata(marker: OwnershipMarker): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  return {
    labels: {
      [ARGOCD_MARKER_LABELS.owner]: entityName(marker.ownerRef),
      [ARGOCD_MARKER_LABELS.service]: entityName(marker.entityRef),
    },
    annotations: markerToMap(marker),
  };
}

/** A copy of an Application or AppProject manifest carrying the marker; other labels and annotations stay. */
export function withArgoCdMarker<T extends { metadata?: KubernetesMetadata }>(
  resource: T,
  marker: OwnershipMarker,
): T {
  const { labels, annotations } = argoCdMarkerMetadata(marker);
  return {
    ...resource,
    metadata: {
      ...resource.metadata,
      labels: { ...resource.metadata?.labels, ...labels },
      annotations: { ...resource.metadata?.annotations, ...annotations },
    },
  };
}

/** The marker of an Application or AppProject, from its annotations. */
export function readArgoCdMarker(
  resource: { metadata?: KubernetesMetadata } | undefined,
): OwnershipMarker | undefined {
  return markerFromMap(resource?.metadata?.annotations);
}
