import type { ApplicationRequest } from './types';

/*
 * Builds the Application the golden path registers for a service, so the
 * sandbox can start with the demo services already deployed (synced and
 * healthy) and the status backend has live Argo CD states to show.
 */

export interface SandboxApplicationInput {
  /** Service name; the app is named `<service>-<environment>`. */
  service: string;
  environment: string;
  /** Kubernetes namespace of the service. */
  namespace: string;
  /** API server URL of the target cluster (`destination.server`). */
  server: string;
  /** GitOps repository URL. */
  repoURL: string;
  project?: string;
}

export function sandboxApplication(
  input: SandboxApplicationInput,
): ApplicationRequest {
  const name = `${input.service}-${input.environment}`;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      labels: {
        'backstage.io/kubernetes-id': input.service,
        'app.kubernetes.io/name': input.service,
        environment: input.environment,
      },
    },
    spec: {
      project: input.project ?? 'default',
      source: {
        repoURL: input.repoURL,
        path: `apps/${input.service}/chart`,
        targetRevision: 'main',
        helm: {
          valueFiles: ['values.yaml', `values-${input.environment}.yaml`],
        },
      },
      destination: { server: input.server, namespace: input.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}
