import { withArgoCdMarker } from '@internal/backstage-plugin-eks-platform-node';
import { JsonObject } from '@backstage/types';
import { EnvironmentPlan, RegistrationPlan } from './argocdSpec';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
/** Read by the promotion workflow: how this environment receives a release. */
export const PROMOTION_ANNOTATION = 'eks.platform/promotion';
/** Read by the promotion workflow: the environment that must be healthy first. */
export const PROMOTES_FROM_ANNOTATION = 'eks.platform/promotes-from';

/**
 * Sync waves of what an app-of-apps applies from the GitOps repository: the
 * team's AppProject first (an Application naming a project that does not
 * exist yet is refused), then the Applications.
 */
export const PROJECT_SYNC_WAVE = '-1';
export const APPLICATION_SYNC_WAVE = '0';

/** The GitOps repository holding the per-environment values. */
export interface GitOpsSource {
  cloneUrl: string;
  baseBranch: string;
}

/** Where an environment's values live in the GitOps repository. */
export function valuesPath(service: string, env: string): string {
  return `apps/${service}/${env}/values.yaml`;
}

export function applicationPath(service: string, env: string): string {
  return `apps/${service}/${env}/application.yaml`;
}

/**
 * The Argo CD Application of one environment: the chart from the service's
 * repository, the environment's values (image tag included) from the GitOps
 * repository through a `$values` ref, so a promotion is a pull request that
 * changes one file. Destination, namespace, project and sync policy come
 * from platform config; the namespace is created by Argo CD with the labels
 * the ALB controller and the platform need.
 */
export function buildApplication(
  plan: RegistrationPlan,
  env: EnvironmentPlan,
  gitops: GitOpsSource,
): JsonObject {
  const application = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: env.applicationName,
      namespace: env.instance.namespace,
      labels: {
        'app.kubernetes.io/name': plan.service,
        'app.kubernetes.io/part-of': plan.service,
        [MANAGED_BY_LABEL]: 'backstage',
        'eks.platform/environment': env.env,
      },
      annotations: {
        [SYNC_WAVE]: APPLICATION_SYNC_WAVE,
        [PROMOTION_ANNOTATION]: env.promotion,
        ...(env.promotesFrom
          ? { [PROMOTES_FROM_ANNOTATION]: env.promotesFrom }
          : {}),
      },
      // Deleting the Application deletes what it deployed, not more.
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: plan.project,
      sources: [
        {
          repoURL: plan.chartRepoUrl,
          targetRevision: plan.targetRevision,
          path: plan.chartPath,
          helm: {
            // The same object names in every cluster: the release is the service.
            releaseName: plan.service,
            valueFiles: [
              'values.yaml',
              `values-${env.env}.yaml`,
              `$values/${valuesPath(plan.service, env.env)}`,
            ],
            // values-<env>.yaml is optional in the chart repository.
            ignoreMissingValueFiles: true,
          },
        },
        {
          repoURL: gitops.cloneUrl,
          targetRevision: gitops.baseBranch,
          ref: 'values',
        },
      ],
      destination: env.destination,
      syncPolicy: {
        automated: env.automated,
        syncOptions: ['CreateNamespace=true', 'PruneLast=true'],
        // Labels only the team owns, identical for all its services, so
        // Applications sharing a namespace never fight over its metadata.
        managedNamespaceMetadata: {
          labels: {
            'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
            'eks.platform/owner': plan.team.name,
          },
          annotations: {
            'eks.platform/owner-ref': plan.team.group,
          },
        },
        retry: {
          limit: 5,
          backoff: { duration: '10s', factor: 2, maxDuration: '3m' },
        },
      },
    },
  };
  return withArgoCdMarker(application, plan.marker) as unknown as JsonObject;
}
