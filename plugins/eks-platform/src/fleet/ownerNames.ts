import { Entity, stringifyEntityRef } from '@backstage/catalog-model';

/** What the fleet reads of each group: enough for a display name. */
export const OWNER_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
];

/**
 * Owners as people call them: a group's `spec.profile.displayName`, else its
 * `metadata.title`; keyed by full entity ref (`group:default/team-commerce`).
 */
export function ownerNames(groups: Entity[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const group of groups) {
    const profile = (group.spec as { profile?: { displayName?: unknown } })
      ?.profile;
    const name =
      typeof profile?.displayName === 'string' && profile.displayName
        ? profile.displayName
        : group.metadata.title;
    if (name) names.set(stringifyEntityRef(group), name);
  }
  return names;
}
