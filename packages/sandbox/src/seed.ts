import type { ApplicationRequest, ArgoCdSimulatorOptions } from './argocd';
import { Fleet, FleetService, hexId } from './fleet';
import type { SeedRepository } from './github';

/**
 * Demo data so the portal shows more than empty cards on the first start:
 * Argo CD Applications and Vault secrets for the catalog services, and the
 * GitOps repository the scaffolder opens pull requests against.
 */

/** The repository `eksPlatform.gitops.repoUrl` points at in app-config.yaml. */
export const GITOPS_REPOSITORY = { owner: 'platform', name: 'gitops' };

export function gitopsRepositorySeed(): SeedRepository {
  return {
    ...GITOPS_REPOSITORY,
    message: 'Initial GitOps layout',
    files: {
      'README.md':
        '# GitOps\n\nArgo CD Applications and per-environment values, one folder per service:\n`apps/<service>/<environment>/{application,values}.yaml`.\n',
      'apps/.gitkeep': '',
    },
  };
}

/**
 * The platform's app-of-apps over the GitOps repository (docs/contracts.md):
 * Argo CD applies the teams' AppProjects (`projects/*.yaml`, sync wave -1)
 * and the services' Applications (`apps/<service>/<env>/application.yaml`,
 * wave 0) to its own cluster as soon as a registration pull request is
 * merged. It never prunes: removing a service is a deliberate deletion.
 */
export function platformAppOfApps(githubUrl: string): ApplicationRequest {
  return {
    metadata: {
      name: 'platform-gitops',
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/managed-by': 'platform' },
    },
    spec: {
      project: 'default',
      source: {
        repoURL: `${githubUrl}/git/${GITOPS_REPOSITORY.owner}/${GITOPS_REPOSITORY.name}.git`,
        targetRevision: 'main',
        path: '.',
        directory: {
          recurse: true,
          include: '{projects/*.yaml,apps/*/*/application.yaml}',
        },
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'argocd',
      },
      syncPolicy: { automated: { prune: false, selfHeal: true } },
    },
  };
}

function catalogServices(fleet: Fleet): FleetService[] {
  return fleet.services.filter(s => s.source === 'catalog');
}

/**
 * One Application per catalog service and cluster, named and labelled like
 * the ones `eks:argocd:register` creates (`<service>-<env>`).
 */
export function argoCdApplications(
  fleet: Fleet,
  clusterUrls: Record<string, string>,
  githubUrl: string,
): NonNullable<ArgoCdSimulatorOptions['applications']> {
  return catalogServices(fleet).flatMap(service =>
    Object.entries(clusterUrls).map(([env, server]) => ({
      metadata: {
        name: `${service.name}-${env}`,
        namespace: 'argocd',
        labels: {
          'app.kubernetes.io/name': service.name,
          'app.kubernetes.io/part-of': service.name,
          'app.kubernetes.io/managed-by': 'backstage',
          'eks.platform/environment': env,
        },
      },
      spec: {
        project: 'default',
        source: {
          repoURL: `${githubUrl}/git/acme/${service.name}.git`,
          path: 'chart',
          targetRevision: 'main',
        },
        destination: { server, namespace: service.namespace },
        // Without automated sync a new Application stays OutOfSync.
        ...(env === 'prod' && service.breaks.includes('outOfSync')
          ? {}
          : { syncPolicy: { automated: { prune: true, selfHeal: true } } }),
      },
    })),
  );
}

/** Writes a few KV v2 secrets per catalog service at `secret/<namespace>/<service>`. */
export async function seedVaultSecrets(
  fleet: Fleet,
  vaultUrl: string,
  rootToken: string,
): Promise<void> {
  for (const service of catalogServices(fleet)) {
    const res = await fetch(
      `${vaultUrl}/v1/secret/data/${service.namespace}/${service.name}`,
      {
        method: 'POST',
        headers: {
          'X-Vault-Token': rootToken,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          data: {
            DATABASE_URL: `postgres://${service.name}@${service.name}-db.${
              service.namespace
            }.svc:5432/${service.name.replace(/-/g, '_')}`,
            API_KEY: `demo-${hexId(`${service.name}/api-key`, 24)}`,
          },
        }),
      },
    );
    if (!res.ok) {
      throw new Error(
        `seeding Vault secret for ${service.name} failed: ${
          res.status
        } ${await res.text()}`,
      );
    }
  }
}
