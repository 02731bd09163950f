import request from 'supertest';
import { eventually } from '../__testUtils__/eventually';
import {
  ADMIN,
  MEMBER,
  NON_MEMBER,
  teamFixture,
  useSandboxPortal,
} from '../__testUtils__/sandboxPortal';

/*
 * The portal's permission policy through the real permission, auth,
 * catalog, scaffolder and status backends, with the sandbox's config and
 * demo organisation, as three users of it: a member of team-commerce (dave),
 * a member of team-storefront (alice) and a platform admin (mallory).
 */

const commerceComponents = teamFixture('commerce-catalog-info.yaml');

// Tasks run in the background; a step may take seconds.
jest.setTimeout(60_000);

const portal = useSandboxPortal();

beforeAll(async () => {
  // team-commerce registers its own components, one of them private.
  await portal.registerAndWait(
    MEMBER,
    '/commerce/catalog-info.yaml',
    commerceComponents,
    'component:default/launch-secret',
  );
});

describe('adoptExisting on an eks:* action', () => {
  it.each([
    ['a member of the owning team', MEMBER],
    ['a member of another team', NON_MEMBER],
  ])('is denied for %s, before the action runs', async (_, user) => {
    const before = portal.adoptions.length;
    const run = await portal.runTask(user, {
      repositoryName: 'orders',
      adoptExisting: true,
    });
    expect(run.status).toBe('failed');
    expect(run.log).toContain('Unauthorized action: eks:test:adopt');
    expect(portal.adoptions.length).toBe(before);
  });
  it.each([
    ['is allowed for a platform admin', ADMIN, true],
    ['is not needed by a member to run the action', MEMBER, false],
    ['is not needed by anyone else to run the action', NON_MEMBER, false],
  ])('%s', async (_, user, adoptExisting) => {
    const run = await portal.runTask(user, {
      repositoryName: 'orders',
      adoptExisting,
    });
    expect(run.status).toBe('completed');
    expect(portal.adoptions.at(-1)).toEqual({
      repositoryName: 'orders',
      adoptExisting,
    });
  });
  it('keeps a task to its creator (and the admins)', async () => {
    const { taskId } = await portal.runTask(MEMBER, {
      repositoryName: 'orders',
    });
    const other = await request(portal.server)
      .get(`/api/scaffolder/v2/tasks/${taskId}`)
      .set('Authorization', portal.as(NON_MEMBER));
    expect(other.status).toBe(403);
    const admin = await request(portal.server)
      .get(`/api/scaffolder/v2/tasks/${taskId}`)
      .set('Authorization', portal.as(ADMIN));
    expect(admin.status).toBe(200);
  });
});

describe('eks.platform.status.read follows catalog.entity.read', () => {
  const PRIVATE = 'component:default/launch-secret';
  const PUBLIC = 'component:default/order-service';
  const statusRead = {
    type: 'resource',
    name: 'eks.platform.status.read',
    attributes: { action: 'read' },
    resourceType: 'catalog-entity',
  };
  it.each([
    ['the owning team', MEMBER, 200, 'ALLOW', PRIVATE],
    ['another team', NON_MEMBER, 404, 'DENY', undefined],
    ['a platform admin', ADMIN, 200, 'ALLOW', PRIVATE],
  ])(
    'a private entity and its status are both visible to %s, or both hidden',
    async (_, user, httpStatus, decision, statusOf) => {
      expect((await portal.entity(user, PRIVATE)).status).toBe(httpStatus);
      const res = await portal.status(user, PRIVATE);
      expect(res.status).toBe(httpStatus);
      expect(res.body.entityRef).toBe(statusOf);
      expect(await portal.authorize(user, statusRead, PRIVATE)).toBe(decision);
      expect(
        await portal.authorize(
          user,
          { ...statusRead, name: 'catalog.entity.read' },
          PRIVATE,
        ),
      ).toBe(decision);
    },
  );
  it('a public entity and its status are visible to every team', async () => {
    for (const user of [MEMBER, NON_MEMBER, ADMIN]) {
      expect((await portal.entity(user, PUBLIC)).status).toBe(200);
      expect((await portal.status(user, PUBLIC)).status).toBe(200);
      expect(await portal.authorize(user, statusRead, PUBLIC)).toBe('ALLOW');
    }
  });
  it("every signed-in user lists the platform's environments for the form, nobody else", async () => {
    for (const user of [MEMBER, NON_MEMBER, ADMIN]) {
      const res = await request(portal.server)
        .get('/api/eks-platform/v1/environments')
        .set('Authorization', portal.as(user));
      // Allowed by the policy; this portal's config names no environment
      // (only platformAdmins of eksPlatform), so the list is empty.
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    }
    const anonymous = await request(portal.server).get(
      '/api/eks-platform/v1/environments',
    );
    expect(anonymous.status).toBe(401);
  });
  it('a batch query leaves out what the caller may not read', async () => {
    const res = await request(portal.server)
      .post('/api/eks-platform/v1/status/query')
      .set('Authorization', portal.as(NON_MEMBER))
      .send({ entityRefs: [PUBLIC, PRIVATE] });
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual([PUBLIC]);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ entityRef: PRIVATE }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('"launch-secret"');
  });
});

describe("changing other teams' entities", () => {
  const refresh = (user: string, entityRef: string) =>
    request(portal.server)
      .post('/api/catalog/refresh')
      .set('Authorization', portal.as(user))
      .send({ entityRef });
  it('only owners and admins refresh an entity', async () => {
    expect(
      (await refresh(NON_MEMBER, 'component:default/basket-api')).status,
    ).toBe(403);
    expect((await refresh(MEMBER, 'component:default/basket-api')).status).toBe(
      200,
    );
    expect((await refresh(ADMIN, 'component:default/basket-api')).status).toBe(
      200,
    );
  });
  it('only owners and admins delete an entity', async () => {
    const catalogEntityDelete = {
      type: 'resource',
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
      resourceType: 'catalog-entity',
    };
    const ref = 'component:default/basket-api';
    expect(await portal.authorize(NON_MEMBER, catalogEntityDelete, ref)).toBe(
      'DENY',
    );
    expect(await portal.authorize(MEMBER, catalogEntityDelete, ref)).toBe(
      'ALLOW',
    );
    expect(await portal.authorize(ADMIN, catalogEntityDelete, ref)).toBe(
      'ALLOW',
    );
    const { body } = await portal.entity(ADMIN, ref);
    const del = await request(portal.server)
      .delete(`/api/catalog/entities/by-uid/${body.metadata.uid}`)
      .set('Authorization', portal.as(NON_MEMBER));
    expect(del.status).toBe(403);
  });
  it('only admins unregister a location, which removes every entity it brought', async () => {
    const created = await portal.register(
      MEMBER,
      portal.repo.put(
        '/commerce/another.yaml',
        commerceComponents
          .replace(/basket-api/g, 'cart-api')
          .replace(/launch-secret/g, 'cart-secret'),
      ),
    );
    const id = created.body.location.id;
    await eventually(async () => {
      expect(
        (await portal.entity(MEMBER, 'component:default/cart-api')).status,
      ).toBe(200);
    });
    for (const user of [NON_MEMBER, MEMBER]) {
      const res = await request(portal.server)
        .delete(`/api/catalog/locations/${id}`)
        .set('Authorization', portal.as(user));
      expect(res.status).toBe(403);
    }
    const admin = await request(portal.server)
      .delete(`/api/catalog/locations/${id}`)
      .set('Authorization', portal.as(ADMIN));
    expect(admin.status).toBe(204);
    await eventually(async () => {
      expect(
        (await portal.entity(MEMBER, 'component:default/cart-api')).status,
      ).toBe(404);
    });
  });
});

describe('admin-only operations', () => {
  it.each([
    'scaffolder.template.dry-run',
    'scaffolder.template.management',
    'kubernetes.proxy',
    'catalog.location.delete',
  ])('%s is for platform admins only', async name => {
    const permission = { type: 'basic', name, attributes: {} };
    expect(await portal.authorize(MEMBER, permission)).toBe('DENY');
    expect(await portal.authorize(NON_MEMBER, permission)).toBe('DENY');
    expect(await portal.authorize(ADMIN, permission)).toBe('ALLOW');
  });
  it('a dry-run of arbitrary template YAML is refused to a team member', async () => {
    const res = await request(portal.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', portal.as(MEMBER))
      .send({
        template: {
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          kind: 'Template',
          metadata: { name: 'anything' },
          spec: { type: 'service', steps: [] },
        },
        values: {},
        directoryContents: [],
      });
    expect(res.status).toBe(403);
  });
});
