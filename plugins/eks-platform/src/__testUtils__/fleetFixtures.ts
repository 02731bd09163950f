import { Entity } from '@backstage/catalog-model';
import {
  EntityPlatformStatus,
  HealthLevel,
  StatusQueryResponse,
} from '@internal/backstage-plugin-eks-platform-common';
import { alertFixture, clusterFixture, statusFixture } from './fixtures';

const OWNERS = ['payments', 'search', 'identity', 'platform'];
const SYSTEMS = ['shop', 'accounts', 'infra'];
const LEVELS: HealthLevel[] = [
  'healthy',
  'healthy',
  'healthy',
  'warning',
  'critical',
];

/** `count` annotated services, deterministic: service-0000, service-0001, … */
export function fleetEntities(count: number): Entity[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `service-${String(i).padStart(4, '0')}`,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': `service-${i}` },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/${OWNERS[i % OWNERS.length]}`,
      system: SYSTEMS[i % SYSTEMS.length],
    },
  }));
}

/**
 * Summary-view status for each entity (no pods, no trace series, as the
 * backend sends for `view: 'summary'`): health cycles through LEVELS, every
 * 7th service runs only in dev.
 */
export function fleetStatus(entities: Entity[]): StatusQueryResponse {
  const template = statusFixture();
  const items: EntityPlatformStatus[] = entities.map((entity, i) => {
    const level = LEVELS[i % LEVELS.length];
    const clusters = (i % 7 === 0 ? ['dev'] : ['dev', 'prod']).map(c => ({
      ...clusterFixture(c, { pods: [] }),
      deployments: [],
    }));
    return {
      entityRef: `component:default/${entity.metadata.name}`,
      health: {
        level,
        reasons:
          level === 'healthy'
            ? []
            : [
                level === 'critical'
                  ? 'ServiceAvailabilityBudgetBurnFast firing'
                  : 'Pinned at max replicas in prod',
              ],
      },
      sources: {
        ...template.sources,
        kubernetes: { state: 'ok', data: { clusters } },
        alerts: {
          state: 'ok',
          data: {
            alerts:
              level === 'critical'
                ? [alertFixture(), alertFixture({ fingerprint: 'b' })]
                : [],
            instances: [{ name: 'main', state: 'ok' }],
          },
        },
      },
    };
  });
  return { items, errors: [] };
}
