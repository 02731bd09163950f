import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the platform status (workloads, alerts, traces, deployments) of
 * catalog entities. Checked in addition to `catalog.entity.read` for each
 * entity, so a user sees status only for entities they may see at all.
 */
export const eksPlatformStatusReadPermission = createPermission({
  name: 'eks.platform.status.read',
  attributes: { action: 'read' },
});

export const eksPlatformPermissions = [eksPlatformStatusReadPermission];
