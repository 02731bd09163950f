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
    /** A label selector, e.g. `backstage.io/kubernetes-id=checkout`. */
    labelSelector: string;
    /** The kubernetes-id when the selector is the standard one (fast index path). */
    id?: string;
    namespace?: string;
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
  const namespace = a[ANNOTATION_KUBERNETES_NAMESPACE]?.trim() || undefined;
  const targets: EntityTargets = {};
  // Same precedence as the stock Kubernetes plugin: the label selector wins.
  if (selector) {
    targets.kubernetes = { labelSelector: selector, namespace };
  } else if (id) {
    targets.kubernetes = {
      labelSelector: `${ANNOTATION_KUBERNETES_ID}=${id}`,
      id,
      namespace,
    };
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
