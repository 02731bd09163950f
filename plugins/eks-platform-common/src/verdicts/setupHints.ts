/*
 * What to add when a source is not configured and the backend gave no
 * hint of its own. Kept together so the wording stays consistent.
 */
export const KUBERNETES_SETUP_HINT =
  'Add the backstage.io/kubernetes-id annotation (the value of the backstage.io/kubernetes-id label on your workloads) to catalog-info.yaml.';

export const ALERTS_SETUP_HINT =
  'Add backstage.io/kubernetes-id (alerts are matched on service="<id>") or eks.platform/alert-matchers to catalog-info.yaml.';

export const TRACES_SETUP_HINT =
  "Add the jaegertracing.io/service-name annotation (the service's OpenTelemetry service.name) to catalog-info.yaml.";

export const ARGOCD_SETUP_HINT =
  'Add the argocd/app-name or argocd/app-selector annotation to catalog-info.yaml.';
