import { fetchApiRef } from '@backstage/core-plugin-api';
import { ApiBlueprint, createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { eksPlatformApiRef, EksPlatformClient } from './api';

const eksPlatformApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: eksPlatformApiRef,
      deps: { fetchApi: fetchApiRef },
      factory: ({ fetchApi }) => new EksPlatformClient({ fetchApi }),
    }),
});

/**
 * The EKS platform frontend plugin.
 *
 * @public
 */
export const eksPlatformPlugin = createFrontendPlugin({
  pluginId: 'eks-platform',
  extensions: [eksPlatformApi],
});
