import type { AppProject, ApplicationDestination } from '../types';
import { globMatches } from '../validation';
import type { ResourceRef } from './resources';

/*
 * What an AppProject lets an Application deploy, checked for every
 * resource before a sync applies anything (Argo CD's
 * `proj.IsGroupKindPermitted` and `IsDestinationPermitted`):
 * cluster-scoped kinds only when the project's clusterResourceWhitelist
 * lists them (and its blacklist does not), namespaced kinds unless the
 * namespaceResourceBlacklist lists them (or a whitelist leaves them out),
 * and namespaces only where the project's destinations allow.
 */

type GroupKind = { group: string; kind: string };

function listed(list: GroupKind[] | undefined, ref: ResourceRef): boolean {
  return (list ?? []).some(
    entry =>
      globMatches(entry.group ?? '', ref.group) &&
      globMatches(entry.kind ?? '', ref.kind),
  );
}

/** Why the project refuses this resource, or undefined when it permits it. */
export function projectRefusal(
  project: AppProject,
  ref: ResourceRef,
  namespaced: boolean,
  destination: ApplicationDestination,
): string | undefined {
  const spec = project.spec as AppProject['spec'] & {
    clusterResourceBlacklist?: GroupKind[];
    namespaceResourceWhitelist?: GroupKind[];
  };
  const name = project.metadata.name;
  const gk = `${ref.group}:${ref.kind}`;
  if (!namespaced) {
    if (
      !listed(spec.clusterResourceWhitelist, ref) ||
      listed(spec.clusterResourceBlacklist, ref)
    ) {
      return `resource ${gk} is not permitted in project ${name}`;
    }
    return undefined;
  }
  if (
    listed(spec.namespaceResourceBlacklist, ref) ||
    (spec.namespaceResourceWhitelist !== undefined &&
      !listed(spec.namespaceResourceWhitelist, ref))
  ) {
    return `resource ${gk} is not permitted in project ${name}`;
  }
  const namespace = ref.namespace ?? destination.namespace ?? '';
  const permitted = (spec.destinations ?? []).some(
    allowed =>
      (destination.server
        ? globMatches(allowed.server ?? '', destination.server)
        : globMatches(allowed.name ?? '', destination.name ?? '')) &&
      globMatches(allowed.namespace ?? '', namespace),
  );
  return permitted
    ? undefined
    : `namespace ${namespace} is not permitted in project '${name}'`;
}
