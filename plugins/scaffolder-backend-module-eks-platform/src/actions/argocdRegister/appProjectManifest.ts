import {
  ArgoCdInstanceConfig,
  withArgoCdMarker,
} from '@internal/backstage-plugin-eks-platform-node';
import { JsonObject } from '@backstage/types';
import { PROJECT_SYNC_WAVE, SYNC_WAVE } from './applicationManifest';
import { EnvironmentPlan, RegistrationPlan } from './argocdSpec';

type Destination = { server?: string; name?: string; namespace: string };

/**
 * Cluster-scoped kinds the team's applications may create: only the
 * Namespace Argo CD creates for them (CreateNamespace=true and
 * managedNamespaceMetadata need it). Everything else cluster-wide belongs
 * to the platform.
 */
const CLUSTER_RESOURCES = [{ group: '', kind: 'Namespace' }];
/** Namespaced kinds that are the platform's (quotas), not the team's. */
const NAMESPACE_BLACKLIST = [
  { group: '', kind: 'ResourceQuota' },
  { group: '', kind: 'LimitRange' },
];

function sameDestination(a: Destination, b: Destination): boolean {
  return (
    a.namespace === b.namespace &&
    (a.server ?? '') === (b.server ?? '') &&
    (a.name ?? '') === (b.name ?? '')
  );
}

/** Wildcards are never kept: a project restricted to the team stays restricted. */
function isGlob(value: string | undefined): boolean {
  return value !== undefined && /[*?[\]!]/.test(value);
}

/** The destinations of the chosen environments that live on `instance`. */
export function projectDestinations(
  environments: EnvironmentPlan[],
  instance: ArgoCdInstanceConfig,
): Destination[] {
  return environments
    .filter(e => e.instance.name === instance.name)
    .map(e => ({ ...e.destination }));
}

/**
 * The team's AppProject on one instance: source repositories restricted to
 * the team's (each service's chart repository and the GitOps repository),
 * destinations to the team's namespaces on the platform's clusters.
 *
 * `existing` is the project as read, when it is this team's (reconcile):
 * what other services of the team added stays, exact entries only. When it
 * is adopted (`keepExisting: false`), the lists are reset to what this
 * registration needs, so an adopted wide-open project becomes restricted.
 */
export function buildAppProject(
  plan: RegistrationPlan,
  instance: ArgoCdInstanceConfig,
  gitopsCloneUrl: string,
  existing?: { spec?: JsonObject; metadata?: JsonObject },
  keepExisting = true,
): JsonObject {
  const spec = (keepExisting ? existing?.spec : undefined) as
    | { sourceRepos?: string[]; destinations?: Destination[] }
    | undefined;
  const sourceRepos = [...(spec?.sourceRepos ?? []).filter(r => !isGlob(r))];
  for (const repo of [plan.chartRepoUrl, gitopsCloneUrl]) {
    if (!sourceRepos.includes(repo)) sourceRepos.push(repo);
  }
  const destinations = (spec?.destinations ?? []).filter(
    d => !isGlob(d.namespace) && !isGlob(d.server) && !isGlob(d.name),
  );
  for (const wanted of projectDestinations(plan.environments, instance)) {
    if (!destinations.some(d => sameDestination(d, wanted))) {
      destinations.push(wanted);
    }
  }
  const metadata = (existing?.metadata ?? {}) as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  const project = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: plan.project,
      namespace: instance.namespace,
      labels: {
        ...metadata.labels,
        'app.kubernetes.io/managed-by': 'backstage',
      },
      annotations: { ...metadata.annotations, [SYNC_WAVE]: PROJECT_SYNC_WAVE },
    },
    spec: {
      ...((existing?.spec ?? {}) as JsonObject),
      description: `Services of ${plan.team.group}, managed by Backstage (eks:argocd:register).`,
      sourceRepos,
      destinations,
      clusterResourceWhitelist: CLUSTER_RESOURCES,
      namespaceResourceBlacklist: NAMESPACE_BLACKLIST,
    },
  };
  return withArgoCdMarker(project, plan.projectMarker) as unknown as JsonObject;
}
