import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the platform status (workloads, alerts, traces, deployments) of a
 * catalog entity. A resource permission on `catalog-entity`, so a policy can
 * answer it with the same conditional decision as `catalog.entity.read`
 * (evaluated by the catalog against the entity): whoever may read an entity
 * may read its status, and nobody else.
 */
export const eksPlatformStatusReadPermission = createPermission({
  name: 'eks.platform.status.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Listing the platform's deployment environments (names, titles, clusters,
 * regions, promotion): what the golden-path form offers. A basic permission:
 * the list is the same for every caller and holds no secret.
 */
export const eksPlatformEnvironmentsReadPermission = createPermission({
  name: 'eks.platform.environments.read',
  attributes: { action: 'read' },
});

export const eksPlatformPermissions = [
  eksPlatformStatusReadPermission,
  eksPlatformEnvironmentsReadPermission,
];

/**
 * Entity label through which a team hides an entity (and with it its
 * platform status) from everyone but its owners and the platform admins:
 * `eks.platform/visibility: private`. Any other value, or none, is public
 * to every signed-in user.
 */
export const LABEL_VISIBILITY = 'eks.platform/visibility';
/** The value of {@link LABEL_VISIBILITY} that makes an entity owner-only. */
export const VISIBILITY_PRIVATE = 'private';
