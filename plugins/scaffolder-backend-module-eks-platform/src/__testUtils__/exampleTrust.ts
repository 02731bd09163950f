import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { PLATFORM_TRUST, withPlatformTrust } from './trust';

/*
 * The team the documented examples name (group:default/payments, namespace
 * payments, database connection payments-postgres) with a member, so the
 * examples run unchanged against the sandbox's simulators.
 */

export const PAYMENTS = 'group:default/payments';
/** Member of payments. */
export const DANA = 'user:default/dana';

export const EXAMPLE_ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'dana', namespace: 'default' },
    spec: { memberOf: [PAYMENTS] },
    relations: [{ type: 'memberOf', targetRef: PAYMENTS }],
  },
];

/** withPlatformTrust, with the examples' team added to the tenancy. */
export function withExampleTrust(data: JsonObject): JsonObject {
  const config = withPlatformTrust(data);
  const eks = config.eksPlatform as JsonObject;
  return {
    ...config,
    eksPlatform: {
      ...eks,
      tenancy: {
        ...PLATFORM_TRUST.tenancy,
        teams: [
          ...PLATFORM_TRUST.tenancy.teams,
          {
            group: PAYMENTS,
            namespaces: ['payments'],
            vaultDatabaseConnections: ['payments-postgres'],
          },
        ],
      },
    },
  };
}
