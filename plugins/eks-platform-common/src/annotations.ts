/*
 * The annotation contract. A service's catalog-info.yaml carries these, and
 * each card or source lights up only when its annotations are present. The
 * golden-path template writes all of them.
 */

/** Standard Backstage Kubernetes annotation: the `backstage.io/kubernetes-id` label value. */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
/** Standard Backstage Kubernetes annotation: a raw label selector. */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
/** Standard Backstage Kubernetes annotation: the namespace to look in. */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

/**
 * Alertmanager matchers selecting the service's alerts, in Alertmanager's
 * filter syntax, comma separated: `service="checkout",team="payments"`.
 * Defaults to `service="<kubernetes-id>"`, the label the template's
 * PrometheusRule puts on every alert.
 */
export const ANNOTATION_ALERT_MATCHERS = 'eks.platform/alert-matchers';

/** Service name under which the service reports traces (OpenTelemetry `service.name`). */
export const ANNOTATION_TRACE_SERVICE = 'jaegertracing.io/service-name';

/** Community Argo CD plugin annotations, reused so both plugins light up. */
export const ANNOTATION_ARGOCD_APP_NAME = 'argocd/app-name';
export const ANNOTATION_ARGOCD_APP_SELECTOR = 'argocd/app-selector';
export const ANNOTATION_ARGOCD_INSTANCE = 'argocd/instance-name';

/** Community Vault plugin annotation: the KV v2 path of the service's secrets. */
export const ANNOTATION_VAULT_SECRETS_PATH = 'vault.io/secrets-path';

/** URI of the service's ECR repository, written by the `eks:ecr:create` action. */
export const ANNOTATION_ECR_REPOSITORY = 'eks.platform/ecr-repository';

/** `owner/repo` of the source repository. */
export const ANNOTATION_GITHUB_PROJECT_SLUG = 'github.com/project-slug';

/**
 * The software template a service was generated from, as an entity ref
 * (`template:default/eks-service`), and the template version it is on now.
 * Written by the golden path at creation and by template upgrades once their
 * pull request merges; the portal reads them to know every service's
 * template version without reading repositories.
 */
export const ANNOTATION_TEMPLATE_REF = 'eks.platform/template-ref';
export const ANNOTATION_TEMPLATE_VERSION = 'eks.platform/template-version';

/** Where a generated repository records its template, version and form answers. */
export const TEMPLATE_RECORD_PATH = '.backstage/template.json';
