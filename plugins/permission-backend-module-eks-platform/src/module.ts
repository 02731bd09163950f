import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { EksPlatformPermissionPolicy } from './EksPlatformPermissionPolicy';
import { readPlatformAdmins } from '@internal/backstage-plugin-eks-platform-node';

/**
 * Installs {@link EksPlatformPermissionPolicy} as the permission backend's
 * policy, in place of the allow-all policy.
 */
export const permissionModuleEksPlatformPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'eks-platform-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        // A malformed admin list fails the start, naming the entry to fix.
        const platformAdmins = new Set(readPlatformAdmins(config));
        if (platformAdmins.size === 0) {
          logger.warn(
            `eksPlatform.platformAdmins is empty: nobody may delete locations, dry-run templates, use the Kubernetes proxy or adopt existing resources`,
          );
        }
        policy.setPolicy(
          new EksPlatformPermissionPolicy({ platformAdmins, userInfo }),
        );
      },
    });
  },
});
