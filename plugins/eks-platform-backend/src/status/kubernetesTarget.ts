import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  canonicalEntityRef,
  isDnsLabel,
} from '@internal/backstage-plugin-eks-platform-node';
import { KubernetesTarget } from '../sources/kubernetes/KubernetesSource';
import {
  formatLabelSelector,
  parseLabelSelector,
} from '../sources/labelSelector';
import { EntityTargets } from './entityTargets';
import { namespaceScope, NamespacePolicy } from './namespaceScope';

/** An annotation that cannot be used, and why. */
export interface BadAnnotation {
  annotation: string;
  message: string;
}

/**
 * What the Kubernetes source looks up for an entity: its id or its label
 * selector (validated strictly and in canonical form), its owning group
 * (custom watch sets count against the group's cap) and, per cluster, the
 * namespaces it may be looked up in.
 */
export function kubernetesTarget(
  entity: Entity,
  targets: NonNullable<EntityTargets['kubernetes']>,
  policy: NamespacePolicy,
): KubernetesTarget | BadAnnotation {
  let selector: string | undefined;
  if (targets.labelSelector !== undefined) {
    try {
      selector = formatLabelSelector(parseLabelSelector(targets.labelSelector));
    } catch (e) {
      return {
        annotation: ANNOTATION_KUBERNETES_LABEL_SELECTOR,
        message: (e as Error).message,
      };
    }
  }
  const bad = targets.namespaces?.find(n => !isDnsLabel(n));
  if (bad !== undefined) {
    return {
      annotation: ANNOTATION_KUBERNETES_NAMESPACE,
      message: `"${bad}" is not a Kubernetes namespace name (lower-case letters, digits and '-', at most 63 characters; several separated by commas)`,
    };
  }
  const rawOwner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  const owner = canonicalEntityRef(rawOwner, { defaultKind: 'group' });
  const ownerGroup = owner?.startsWith('group:') ? owner : undefined;
  const entityRef = stringifyEntityRef(entity);
  return {
    id: targets.id,
    selector,
    // Entities without a valid owner share one cap (they cannot each be a team).
    owner: owner ?? 'entities without a valid spec.owner',
    scope: namespaceScope(policy, {
      entityRef,
      ownerGroup,
      service: targets.id ?? entity.metadata.name,
      declared: targets.namespaces
        ? Array.from(new Set(targets.namespaces))
        : undefined,
    }),
  };
}
