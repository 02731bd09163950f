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
 * by ownership does: allowed for every entity but `deniedRef`.
 */
export function conditionalPermissions(deniedRef: string) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      authorizeConditional: async (requests: unknown[]) =>
        requests.map(
          (): PolicyDecision => ({
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: { claims: [] },
            },
          }),
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
