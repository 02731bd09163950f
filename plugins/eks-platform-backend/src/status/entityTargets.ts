import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ALERT_MATCHERS,
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_ARGOCD_INSTANCE,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_TRACE_SERVICE,
} from '@internal/backstage-plugin-eks-platform-common';

/** What each source looks for, read from an entity's annotations. */
export interface EntityTargets {
  kubernetes?: {
    /** `backstage.io/kubernetes-label-selector` as written (validated later). */
    labelSelector?: string;
    /** `backstage.io/kubernetes-id`, when no custom selector is given (fast index path). */
    id?: string;
    /** `backstage.io/kubernetes-namespace`, split on commas (validated later). */
    namespaces?: string[];
  };
  /** Alertmanager matchers; defaults to `service="<kubernetes-id>"`. */
  alertMatchers?: string;
  traceService?: string;
  argocd?: { appName?: string; appSelector?: string; instance?: string };
}

export function readEntityTargets(entity: Entity): EntityTargets {
  const a = entity.metadata.annotations ?? {};
  const id = a[ANNOTATION_KUBERNETES_ID]?.trim();
  const selector = a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]?.trim();
  const namespace = a[ANNOTATION_KUBERNETES_NAMESPACE];
  const namespaces =
    namespace === undefined
      ? undefined
      : namespace.split(',').map(n => n.trim());
  const targets: EntityTargets = {};
  // Same precedence as the stock Kubernetes plugin: the label selector wins.
  if (selector !== undefined) {
    targets.kubernetes = { labelSelector: selector, namespaces };
  } else if (id) {
    targets.kubernetes = { id, namespaces };
  }
  const matchers = a[ANNOTATION_ALERT_MATCHERS]?.trim();
  if (matchers) targets.alertMatchers = matchers;
  else if (id) targets.alertMatchers = `service=${JSON.stringify(id)}`;
  const traceService = a[ANNOTATION_TRACE_SERVICE]?.trim();
  if (traceService) targets.traceService = traceService;
  const appName = a[ANNOTATION_ARGOCD_APP_NAME]?.trim();
  const appSelector = a[ANNOTATION_ARGOCD_APP_SELECTOR]?.trim();
  if (appName || appSelector) {
    targets.argocd = {
      appName: appName || undefined,
      appSelector: appName ? undefined : appSelector,
      instance: a[ANNOTATION_ARGOCD_INSTANCE]?.trim() || undefined,
    };
  }
  return targets;
}
