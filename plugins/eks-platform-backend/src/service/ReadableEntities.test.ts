import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { AccessCache } from './AccessCache';
import { ReadableEntities } from './ReadableEntities';

const component = (name: string, owner = 'team-a'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { owner },
});

const conditional: ConditionalPolicyDecision = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: [] },
  },
};

const TTL = 5000;
const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');
const REF = 'component:default/checkout';

/**
 * A catalog and a permission backend whose answers the test changes, and a
 * clock it moves: what a policy or the catalog says now must be what a
 * caller gets once the cache's time-to-live has passed.
 */
function setup(options: { maxEntries?: number } = {}) {
  let now = 0;
  const world = {
    entity: component('checkout') as Entity | undefined,
    /** Users the status permission allows outright; others are denied. */
    allowed: new Set(['user:default/alice', 'user:default/bob']),
    /** Users the policy answers with a condition, and the refs it lets them read. */
    conditional: new Map<string, Set<string>>(),
  };
  const userOf = (c: any) => c.principal.userEntityRef as string;
  const permissions = mockServices.permissions.mock({
    authorizeConditional: async (_requests, { credentials }) => {
      const user = userOf(credentials);
      if (world.conditional.has(user)) return [conditional];
      return [
        {
          result: world.allowed.has(user)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        },
      ];
    },
    authorize: async (requests, { credentials }) =>
      requests.map(r => ({
        result:
          'resourceRef' in r &&
          world.conditional.get(userOf(credentials))?.has(r.resourceRef!)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
  });
  const catalog = catalogServiceMock.mock({
    getEntityByRef: async ref =>
      world.entity && ref === stringifyEntityRef(world.entity)
        ? structuredClone(world.entity)
        : undefined,
    getEntitiesByRefs: async ({ entityRefs }) => ({
      items: entityRefs.map(ref =>
        world.entity && ref === stringifyEntityRef(world.entity)
          ? structuredClone(world.entity)
          : undefined,
      ),
    }),
  });
  const cache = new AccessCache({
    ttlMs: TTL,
    maxEntries: options.maxEntries ?? 100,
    now: () => now,
  });
  const readable = new ReadableEntities({ permissions, catalog, cache });
  return {
    world,
    permissions,
    catalog,
    cache,
    readable,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('ReadableEntities', () => {
  it('asks for the status permission before it looks anything up, and a plain deny is a 403', async () => {
    const { world, readable, catalog } = setup();
    world.allowed.clear();
    await expect(readable.resolve(alice, [REF])).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('answers a repeated read from the cache without the catalog or the permission backend', async () => {
    const { readable, catalog, permissions } = setup();
    const first = await readable.resolve(alice, [REF]);
    const second = await readable.resolve(alice, [REF]);
    expect(first.cached).toBe(0);
    expect(second).toEqual({
      items: [{ ref: REF, entity: component('checkout') }],
      cached: 1,
    });
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
  });

  it('reads with the caller’s own credentials and never hands one user the entry of another', async () => {
    const { readable, catalog } = setup();
    await readable.resolve(alice, [REF]);
    const forBob = await readable.resolve(bob, [REF]);
    expect(forBob.cached).toBe(0);
    expect(catalog.getEntityByRef).toHaveBeenNthCalledWith(2, REF, {
      credentials: bob,
    });
  });

  it('refuses a revoked caller once the time-to-live has passed, not later', async () => {
    const { world, readable, advance } = setup();
    await readable.resolve(alice, [REF]);
    world.allowed.delete('user:default/alice');
    // Within the documented bound the earlier decision may still serve ...
    advance(TTL - 1);
    expect((await readable.resolve(alice, [REF])).cached).toBe(1);
    // ... and not one millisecond after it.
    advance(1);
    await expect(readable.resolve(alice, [REF])).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
  });

  it('shows a changed owner once the time-to-live has passed', async () => {
    const { world, readable, advance } = setup();
    await readable.resolve(alice, [REF]);
    world.entity = component('checkout', 'team-b');
    advance(TTL - 1);
    const before = await readable.resolve(alice, [REF]);
    expect((before.items[0] as any).entity.spec.owner).toBe('team-a');
    advance(1);
    const after = await readable.resolve(alice, [REF]);
    expect(after.cached).toBe(0);
    expect((after.items[0] as any).entity.spec.owner).toBe('team-b');
  });

  it('evaluates a conditional decision against each entity and never caches a denial', async () => {
    const { world, readable, permissions } = setup();
    world.conditional.set('user:default/alice', new Set());
    const denied = await readable.resolve(alice, [REF]);
    expect(denied.items).toEqual([{ ref: REF, refused: 'NotAllowedError' }]);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [expect.objectContaining({ resourceRef: REF })],
      { credentials: alice },
    );
    // The condition now holds: the very next read is allowed (no cached deny) ...
    world.conditional.set('user:default/alice', new Set([REF]));
    const allowed = await readable.resolve(alice, [REF]);
    expect(allowed).toEqual({
      items: [{ ref: REF, entity: component('checkout') }],
      cached: 0,
    });
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(2);
  });

  it('asks the catalog again for a missing entity, and only for the refs not cached', async () => {
    const { readable, catalog } = setup();
    await readable.resolve(alice, [REF]);
    const both = await readable.resolve(alice, [
      REF,
      'component:default/ghost',
    ]);
    expect(both).toEqual({
      items: [
        { ref: REF, entity: component('checkout') },
        { ref: 'component:default/ghost', refused: 'NotFoundError' },
      ],
      cached: 1,
    });
    expect(catalog.getEntityByRef).toHaveBeenLastCalledWith(
      'component:default/ghost',
      { credentials: alice },
    );
    await readable.resolve(alice, ['component:default/ghost']);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it('stays bounded however many callers and entities pass through', async () => {
    const { world, readable, cache } = setup({ maxEntries: 5 });
    for (let i = 0; i < 20; i++) {
      world.allowed.add(`user:default/u${i}`);
      await readable.resolve(mockCredentials.user(`user:default/u${i}`), [REF]);
    }
    expect(cache.size).toBe(5);
  });
});
