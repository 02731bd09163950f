import {
  ArgoCdInstanceConfig,
  fetchUpstreamJson,
} from '@internal/backstage-plugin-eks-platform-node';

/** The part of an Argo CD Application the status keeps. */
export interface StoredApplication {
  name: string;
  /** Namespace of the Application object (apps-in-any-namespace). */
  appNamespace?: string;
  labels: Record<string, string>;
  project: string;
  syncStatus: string;
  healthStatus: string;
  revision?: string;
  lastSyncedAt?: string;
  destination: { server?: string; name?: string; namespace?: string };
}

interface ArgoApplication {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: {
    project?: string;
    destination?: { server?: string; name?: string; namespace?: string };
  };
  status?: {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string };
    operationState?: { finishedAt?: string; phase?: string };
    history?: Array<{ deployedAt?: string; revision?: string }>;
  };
}

/** One list per instance per interval; entities are matched in memory. */
export async function fetchArgoCdApplications(
  instance: ArgoCdInstanceConfig,
  timeoutMs: number,
): Promise<StoredApplication[]> {
  const body = await fetchUpstreamJson<{ items?: ArgoApplication[] | null }>({
    upstream: `argocd/${instance.name}`,
    baseUrl: instance.url,
    path: '/api/v1/applications',
    token: instance.token,
    timeoutMs,
  });
  return (body.items ?? []).map(app => {
    const history = app.status?.history ?? [];
    const lastDeploy = history[history.length - 1];
    return {
      name: app.metadata.name,
      appNamespace: app.metadata.namespace,
      labels: app.metadata.labels ?? {},
      project: app.spec?.project ?? 'default',
      syncStatus: app.status?.sync?.status ?? 'Unknown',
      healthStatus: app.status?.health?.status ?? 'Unknown',
      revision: app.status?.sync?.revision ?? app.status?.sync?.revisions?.[0],
      lastSyncedAt:
        app.status?.operationState?.finishedAt ?? lastDeploy?.deployedAt,
      destination: {
        server: app.spec?.destination?.server,
        name: app.spec?.destination?.name,
        namespace: app.spec?.destination?.namespace,
      },
    };
  });
}
