import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
} from './annotations';

/**
 * Which catalog entities are the fleet's services: Components with either
 * Kubernetes annotation. One definition for the fleet page and the agents'
 * `list-unhealthy-services`. `exists` is the catalog client's
 * `CATALOG_FILTER_EXISTS` (passed in: this package does not depend on a
 * catalog client).
 */
export function fleetServicesFilter<T>(exists: T) {
  return [ANNOTATION_KUBERNETES_ID, ANNOTATION_KUBERNETES_LABEL_SELECTOR].map(
    annotation => ({
      kind: 'Component',
      [`metadata.annotations.${annotation}`]: exists,
    }),
  );
}
