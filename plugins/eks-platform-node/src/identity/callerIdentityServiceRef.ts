import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readPlatformAdmins } from '../config/platformAdmins';
import {
  CallerIdentityService,
  DefaultCallerIdentityService,
} from './CallerIdentityService';

/**
 * Who runs a task, for every plugin that needs it (the scaffolder module's
 * actions first). The default factory uses the core userInfo and auth
 * services, the catalog and `eksPlatform.platformAdmins`.
 */
export const callerIdentityServiceRef = createServiceRef<CallerIdentityService>(
  {
    id: 'eks-platform.caller-identity',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          userInfo: coreServices.userInfo,
          auth: coreServices.auth,
          catalog: catalogServiceRef,
          config: coreServices.rootConfig,
        },
        factory: ({ userInfo, auth, catalog, config }) =>
          new DefaultCallerIdentityService({
            userInfo,
            auth,
            catalog,
            platformAdmins: readPlatformAdmins(config),
          }),
      }),
  },
);
