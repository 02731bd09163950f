import {
  EnvironmentConfig,
  resolveTeam,
  TenancyConfig,
} from '@internal/backstage-plugin-eks-platform-node';
import { ANNOTATION_KUBERNETES_NAMESPACE } from '@internal/backstage-plugin-eks-platform-common';
import { NamespaceScope } from '../sources/kubernetes/KubernetesSource';

/** What platform config says about teams and their namespaces. */
export interface NamespacePolicy {
  tenancy: TenancyConfig;
  environments: EnvironmentConfig[];
}

export interface ScopedEntity {
  /** Canonical ref of the entity, for messages. */
  entityRef: string;
  /** Canonical group ref of `spec.owner`, when the owner is a group. */
  ownerGroup?: string;
  /** `{service}` of namespace patterns: the kubernetes-id, else the entity's name. */
  service: string;
  /** Namespaces from `backstage.io/kubernetes-namespace` (already DNS-checked). */
  declared?: string[];
}

function isReserved(policy: NamespacePolicy, namespace: string): boolean {
  return (
    namespace.startsWith('kube-') ||
    policy.tenancy.reservedNamespaces.includes(namespace)
  );
}

/**
 * The owning team's namespaces on a cluster, from `eksPlatform.tenancy.teams`
 * (every cluster) or the namespace patterns of the environments on that
 * cluster; undefined when platform config says nothing about them.
 */
function teamNamespaces(
  policy: NamespacePolicy,
  entity: ScopedEntity,
  cluster: string,
): { namespaces: string[]; explicit: boolean } | undefined {
  if (!entity.ownerGroup) return undefined;
  const configured = policy.tenancy.teams.find(
    t => t.group === entity.ownerGroup,
  );
  if (configured?.namespaces)
    return { namespaces: configured.namespaces, explicit: true };
  const environments = policy.environments.filter(e => e.cluster === cluster);
  if (environments.length === 0) return undefined;
  const team = resolveTeam(policy.tenancy, entity.ownerGroup);
  const namespaces = new Set(
    environments.flatMap(env => team.namespacesIn(env, entity.service)),
  );
  return { namespaces: Array.from(namespaces), explicit: false };
}

/**
 * Where an entity's workloads are looked up, per cluster: never the whole
 * cluster. The annotation and `spec.owner` are written by whoever writes
 * the entity, so:
 *
 * - a declared namespace must be one of the owning team's namespaces on
 *   that cluster when platform config knows them, and never a system or
 *   platform namespace (kube-*, `tenancy.reservedNamespaces`) unless config
 *   gives it to the team explicitly;
 * - without the annotation, the owning team's namespaces are used;
 * - with neither, the cluster answers an error saying what to add.
 */
export function namespaceScope(
  policy: NamespacePolicy,
  entity: ScopedEntity,
): (cluster: string) => NamespaceScope {
  return cluster => {
    const team = teamNamespaces(policy, entity, cluster);
    if (!entity.declared) {
      if (team && team.namespaces.length > 0)
        return { namespaces: team.namespaces };
      return {
        refused: `${
          entity.entityRef
        } declares no namespace, and platform config gives ${
          entity.ownerGroup ?? 'its owner'
        } none on cluster ${cluster}: workloads are only looked up inside an entity's namespaces. Add the ${ANNOTATION_KUBERNETES_NAMESPACE} annotation, or map the team to namespaces (eksPlatform.tenancy.teams[].namespaces or eksPlatform.environments[].namespacePattern).`,
      };
    }
    for (const namespace of entity.declared) {
      if (team && !team.namespaces.includes(namespace)) {
        return {
          refused: `namespace "${namespace}" (${ANNOTATION_KUBERNETES_NAMESPACE}) is not a namespace of ${
            entity.ownerGroup
          } on cluster ${cluster}; its namespaces there: ${
            team.namespaces.join(', ') || 'none'
          }. Fix the annotation, or configure the team's namespaces (eksPlatform.tenancy.teams[].namespaces or eksPlatform.environments[].namespacePattern).`,
        };
      }
      if (isReserved(policy, namespace) && !team?.explicit) {
        return {
          refused: `namespace "${namespace}" (${ANNOTATION_KUBERNETES_NAMESPACE}) is a system or platform namespace (kube-*, eksPlatform.tenancy.reservedNamespaces); its workloads are not shown on entity pages unless eksPlatform.tenancy.teams[].namespaces gives it to the owning team.`,
        };
      }
    }
    return { namespaces: entity.declared };
  };
}
