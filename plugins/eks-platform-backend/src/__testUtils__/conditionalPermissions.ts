import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';

/**
 * The status permission answered with conditions, as a policy granting it
 * by ownership does: allowed for every entity but `deniedRef`. Catalog
 * reads are allowed outright (the mock catalog filters nothing), so the
 * status check cannot lean on the catalog's and asks per entity.
 */
export function conditionalPermissions(deniedRef: string) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      authorizeConditional: async (
        requests: Array<{ permission: { name: string } }>,
      ) =>
        requests.map(
          ({ permission }): PolicyDecision =>
            permission.name === 'catalog.entity.read'
              ? { result: AuthorizeResult.ALLOW }
              : {
                  result: AuthorizeResult.CONDITIONAL,
                  pluginId: 'catalog',
                  resourceType: 'catalog-entity',
                  conditions: {
                    rule: 'IS_ENTITY_OWNER',
                    resourceType: 'catalog-entity',
                    params: { claims: [] },
                  },
                },
        ),
      authorize: async (requests: Array<{ resourceRef?: string }>) =>
        requests.map(r => ({
          result:
            r.resourceRef === deniedRef
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    }),
  });
}
