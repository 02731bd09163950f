import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { annotatedService } from '../__testUtils__/entities';
import { realisticStatus } from '../__testUtils__/statusFixtures';
import { AccessCache } from '../service/AccessCache';
import { CallerRateLimit } from '../service/CallerRateLimit';
import { ReadableEntities } from '../service/ReadableEntities';
import { StatusService } from '../status/StatusService';
import { registerStatusActions } from '.';

const SERVICES = Array.from({ length: 12 }, (_, i) =>
  annotatedService(`svc-${String(i).padStart(2, '0')}`),
);
const alice = mockCredentials.user('user:default/alice');

/**
 * The read tools over a catalog of 12 crashing services, the permission
 * backend allowing everything, and statuses from the fixture: what is
 * under test is what a call is charged and how much it assembles.
 */
function tools(limits: {
  maxEntities: number;
  entitiesPerSecond: number;
  burst: number;
}) {
  const registry = actionsRegistryServiceMock();
  const catalog = catalogServiceMock({ entities: SERVICES });
  const assembled: string[] = [];
  const status = {
    async statusOf(entity: Entity) {
      const ref = stringifyEntityRef(entity);
      assembled.push(ref);
      return {
        ...realisticStatus({
          name: entity.metadata.name,
          clusters: ['prod'],
          crashing: true,
        }),
        entityRef: ref,
      };
    },
  } as unknown as StatusService;
  registerStatusActions({
    actionsRegistry: registry,
    catalog,
    readable: new ReadableEntities({
      permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      catalog,
      cache: new AccessCache({ ttlMs: 0, maxEntries: 10 }),
    }),
    // A stopped clock: no refill between the calls of a test.
    rateLimit: new CallerRateLimit(limits, () => 0),
    status,
    scorecards: {} as any,
    maxEntities: limits.maxEntities,
  });
  const call = (id: string, input: object) =>
    registry.invoke({
      id: `test:${id}`,
      input: input as any,
      credentials: alice,
    });
  return { call, assembled };
}

describe('the read tools and the rate limit', () => {
  it('list-unhealthy-services assembles at most maxEntities services and says what it left out', async () => {
    const { call, assembled } = tools({
      maxEntities: 5,
      entitiesPerSecond: 1,
      burst: 100,
    });
    const { output } = (await call('list-unhealthy-services', {})) as any;
    expect(assembled).toHaveLength(5);
    expect(output.checked).toBe(5);
    expect(output.matched).toBe(12);
    expect(output.note).toBe(
      'Only 5 of the 12 matching services were checked (one call reads at most 5, eksPlatform.status.query.maxEntities): narrow the question with owner or system to see the others.',
    );
    expect(output.services.map((s: any) => s.entityRef)).toEqual(
      SERVICES.slice(0, 5).map(e => stringifyEntityRef(e)),
    );
  });

  it('answers in full without a note when everything fits', async () => {
    const { call } = tools({
      maxEntities: 50,
      entitiesPerSecond: 1,
      burst: 100,
    });
    const { output } = (await call('list-unhealthy-services', {})) as any;
    expect(output.checked).toBe(12);
    expect(output).not.toHaveProperty('note');
    expect(output).not.toHaveProperty('matched');
  });

  it('charges list-unhealthy-services one read per service assembled and refuses plainly, before assembling, once the bucket is spent', async () => {
    const { call, assembled } = tools({
      maxEntities: 50,
      entitiesPerSecond: 1,
      burst: 30,
    });
    await call('list-unhealthy-services', {});
    await call('list-unhealthy-services', {});
    expect(assembled).toHaveLength(24);
    await expect(call('list-unhealthy-services', {})).rejects.toThrow(
      /^Too many status reads: each caller may read 1 entity statuses per second, 30 at once \(eksPlatform.status.rateLimit\); this request reads 12\. Retry after 6 s\.$/,
    );
    expect(assembled).toHaveLength(24);
  });

  it('charges get-service-status one read from the same bucket', async () => {
    const { call } = tools({
      maxEntities: 50,
      entitiesPerSecond: 1,
      burst: 13,
    });
    await call('list-unhealthy-services', {});
    await call('get-service-status', { entityRef: 'svc-00' });
    await expect(
      call('get-service-status', { entityRef: 'svc-00' }),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
  });
});
