import { JsonObject } from '@backstage/types';
import { ArgoCdSpec, EnvironmentSpec } from './argocdSpec';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** Where the per-environment values live in the GitOps repository. */
export function valuesPath(spec: ArgoCdSpec, env: string): string {
  return `${spec.gitopsPath}/${spec.name}/${env}/values.yaml`;
}

export function applicationPath(spec: ArgoCdSpec, env: string): string {
  return `${spec.gitopsPath}/${spec.name}/${env}/application.yaml`;
}

function chartSource(spec: ArgoCdSpec, valueFiles: string[]): JsonObject {
  return {
    repoURL: spec.chartRepoUrl,
    targetRevision: spec.targetRevision,
    ...(spec.chartName
      ? { chart: spec.chartName }
      : { path: spec.chartPath ?? 'chart' }),
    helm: {
      valueFiles,
      // values-<env>.yaml is optional in the chart repository.
      ignoreMissingValueFiles: true,
    },
  };
}

/**
 * The Argo CD Application for one environment.
 *
 * In gitops mode the chart comes from the chart repository and the
 * per-environment values from the GitOps repository (multi-source with a
 * `$values` ref), so promotions are pull requests on the GitOps repository.
 */
export function buildApplication(
  spec: ArgoCdSpec,
  env: EnvironmentSpec,
  options: {
    namespace: string;
    gitopsRepoCloneUrl?: string;
    gitopsRevision?: string;
  },
): JsonObject {
  const valueFiles = spec.valueFiles.map(f => f.split('{env}').join(env.env));
  const sourceFields: JsonObject = options.gitopsRepoCloneUrl
    ? {
        sources: [
          chartSource(spec, [
            ...valueFiles,
            `$values/${valuesPath(spec, env.env)}`,
          ]),
          {
            repoURL: options.gitopsRepoCloneUrl,
            targetRevision: options.gitopsRevision ?? 'HEAD',
            ref: 'values',
          },
        ],
      }
    : { source: chartSource(spec, valueFiles) };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: env.applicationName,
      namespace: options.namespace,
      labels: {
        'app.kubernetes.io/name': spec.name,
        'app.kubernetes.io/part-of': spec.name,
        [MANAGED_BY_LABEL]: 'backstage',
        'eks.platform/environment': env.env,
      },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: spec.project,
      ...sourceFields,
      destination: env.destination,
      syncPolicy: {
        ...(spec.syncPolicy.automated
          ? {
              automated: {
                prune: spec.syncPolicy.prune,
                selfHeal: spec.syncPolicy.selfHeal,
              },
            }
          : {}),
        syncOptions: spec.syncPolicy.createNamespace
          ? ['CreateNamespace=true']
          : [],
      },
    },
  };
}
