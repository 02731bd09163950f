import { createApiFactory, fetchApiRef } from '@backstage/core-plugin-api';
import { eksPlatformApiRef, EksPlatformClient } from './api';

/**
 * For apps on the legacy frontend system: add this to the app's `apis`
 * and render the exported cards inside an `EntityProvider` (the entity page).
 *
 * @public
 */
export const eksPlatformApiFactory = createApiFactory({
  api: eksPlatformApiRef,
  deps: { fetchApi: fetchApiRef },
  factory: ({ fetchApi }) => new EksPlatformClient({ fetchApi }),
});
