import { createBackendModule } from '@backstage/backend-plugin-api';
import { CATALOG_ERRORS_TOPIC } from '@backstage/plugin-catalog-backend';
import { eventsServiceRef } from '@backstage/plugin-events-node';

/** A processing error the catalog reported for one location. */
export type CatalogError = { location: string; messages: string[] };

/**
 * Records the catalog's processing errors (the events the logs module
 * logs), so a test knows when a location has been processed and refused.
 */
export function catalogErrorsModule(errors: CatalogError[]) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-errors',
    register(reg) {
      reg.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'test-errors',
            topics: [CATALOG_ERRORS_TOPIC],
            async onEvent({ eventPayload }) {
              const payload = eventPayload as {
                location: string;
                errors: Error[];
              };
              errors.push({
                location: payload.location,
                messages: payload.errors.map(e => e.message),
              });
            },
          });
        },
      });
    },
  });
}
