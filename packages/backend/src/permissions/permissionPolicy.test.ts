import { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import {
  AdoptionCall,
  adoptingActionModule,
} from '../__testUtils__/adoptingAction';
import {
  CatalogError,
  catalogErrorsModule,
} from '../__testUtils__/catalogErrors';
import { eventually } from '../__testUtils__/eventually';
import { startPortalTestBackend } from '../__testUtils__/portalTestBackend';
import {
  readRepoConfig,
  REPO_ROOT,
  withAbsoluteFileLocations,
} from '../__testUtils__/repoConfig';
import { TeamRepository } from '../__testUtils__/teamRepository';

/*
 * The portal's policy through the real permission, catalog, scaffolder and
 * status backends, with the sandbox's own catalog rules and demo
 * organisation (app-config.yaml, catalog/demo), acting as three users of it:
 * a member of team-commerce, a member of another team, a platform admin.
 */
const MEMBER = 'dave'; // team-commerce
const NON_MEMBER = 'alice'; // team-storefront
const ADMIN = 'mallory'; // team-platform, the sandbox's admins
const GROUP_OF: Record<string, string> = {
  [MEMBER]: 'group:default/team-commerce',
  [NON_MEMBER]: 'group:default/team-storefront',
  [ADMIN]: 'group:default/team-platform',
};

const ADOPT_TEMPLATE = path.join(__dirname, '__fixtures__/adopt-template.yaml');

const commerceComponents = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: basket-api
spec: { type: service, lifecycle: experimental, owner: team-commerce }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: launch-secret
  labels:
    eks.platform/visibility: private
spec: { type: service, lifecycle: experimental, owner: team-commerce }
`;

const rogueTemplate = `
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: rogue-template
spec:
  owner: group:default/team-commerce
  type: service
  steps:
    - id: log
      action: debug:log
      input: { message: hello }
`;

const selfPromotion = `
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: eve
spec:
  memberOf: [team-platform]
`;

// Ingestion and tasks run in the background; a step may take seconds.
jest.setTimeout(60_000);

describe('the portal permission policy', () => {
  let repo: TeamRepository;
  let server: Awaited<ReturnType<typeof startPortalTestBackend>>['server'];
  const adoptions: AdoptionCall[] = [];
  const catalogErrors: CatalogError[] = [];
  const tokens: Record<string, string> = {};
  const as = (user: string) => tokens[user];
  let signIn: Awaited<ReturnType<typeof startPortalTestBackend>>['signIn'];

  async function entity(user: string, ref: string) {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    return request(server)
      .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
      .set('Authorization', as(user));
  }

  async function register(user: string, target: string, dryRun = false) {
    return request(server)
      .post(`/api/catalog/locations${dryRun ? '?dryRun=true' : ''}`)
      .set('Authorization', as(user))
      .send({ type: 'url', target });
  }

  /**
   * Registers `target`, waits until the catalog has processed it (and
   * reported why it refused it) and checks that `ref` did not get in.
   */
  async function expectRefusedAtIngestion(
    user: string,
    target: string,
    ref: string,
  ) {
    const res = await register(user, target);
    expect(res.status).toBe(201);
    await eventually(async () => {
      expect(JSON.stringify(catalogErrors)).toContain(
        `${ref} at url:${target}, originated at url:${target}, is not of an allowed kind for that location`,
      );
    });
    expect((await entity(ADMIN, ref)).status).toBe(404);
  }

  async function authorize(
    user: string,
    permission: JsonObject,
    resourceRef?: string,
  ) {
    const res = await request(server)
      .post('/api/permission/authorize')
      .set('Authorization', as(user))
      .send({ items: [{ id: '1', permission, resourceRef }] });
    expect(res.status).toBe(200);
    return res.body.items[0].result as string;
  }

  async function runTask(user: string, values: JsonObject) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', as(user))
      .send({
        templateRef: 'template:default/adopt-existing-repository',
        values,
      });
    expect(created.status).toBe(201);
    const taskId: string = created.body.id;
    const status = await eventually(async () => {
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', as(user));
      expect(['completed', 'failed']).toContain(res.body.status);
      return res.body.status as string;
    });
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
      .set('Authorization', as(user));
    const log = (events.body as Array<{ body: { message?: string } }>)
      .map(e => e.body.message ?? '')
      .join('\n');
    return { taskId, status, log };
  }

  // The backend as `yarn start` runs the sandbox: the guest provider only
  // signs anyone in when NODE_ENV is development.
  const nodeEnv = process.env.NODE_ENV;
  beforeAll(async () => {
    process.env.NODE_ENV = 'development';
    repo = await TeamRepository.start();
    const sandbox = await readRepoConfig(['app-config.yaml']);
    const catalog = withAbsoluteFileLocations(sandbox.catalog as JsonObject);
    const { eksPlatform } = sandbox as { eksPlatform: JsonObject };
    const backend = await startPortalTestBackend({
      config: {
        app: sandbox.app,
        backend: { reading: { allow: [{ host: repo.host }] } },
        auth: {
          ...(sandbox.auth as JsonObject),
          providers: {
            ...((sandbox.auth as JsonObject).providers as JsonObject),
            'test-user': {},
          },
        },
        permission: sandbox.permission,
        catalog: {
          ...catalog,
          rules: [
            ...(catalog.rules as JsonObject[]),
            // Not in the portal's config: shows why platform locations are
            // listed by exact target (see the pattern test below).
            {
              allow: ['Template'],
              locations: [
                { type: 'url', pattern: `http://${repo.host}/platform/**` },
              ],
            },
          ],
          // One more platform template location, for the test template.
          locations: [
            ...(catalog.locations as JsonObject[]),
            {
              type: 'file',
              target: ADOPT_TEMPLATE,
              rules: [{ allow: ['Template'] }],
            },
          ],
        },
        eksPlatform: { platformAdmins: eksPlatform.platformAdmins },
      },
      features: [
        adoptingActionModule(adoptions),
        catalogErrorsModule(catalogErrors),
      ],
    });
    server = backend.server;
    signIn = backend.signIn;
    // Each user signs in once the demo organisation is in the catalog, with
    // the ownership a real sign-in gives: the user and its team.
    for (const user of [MEMBER, NON_MEMBER, ADMIN]) {
      tokens[user] = await eventually(
        async () => {
          const { header, ownershipEntityRefs } = await backend.signIn(user);
          const expected = [`user:default/${user}`, GROUP_OF[user]];
          if (ownershipEntityRefs.join() !== expected.join()) {
            throw new Error(`${user} signed in as ${ownershipEntityRefs}`);
          }
          return header;
        },
        { timeoutMs: 60_000 },
      );
    }
    await eventually(async () => {
      const template = 'template:default/adopt-existing-repository';
      if ((await entity(ADMIN, template)).status !== 200) {
        throw new Error(`${template} not ingested yet`);
      }
    });
  }, 90_000);

  afterAll(async () => {
    process.env.NODE_ENV = nodeEnv;
    await repo?.close();
  });

  describe('catalog ingestion', () => {
    it('lets a team register the locations of its own components', async () => {
      const res = await register(
        MEMBER,
        repo.put('/commerce/catalog-info.yaml', commerceComponents),
      );
      expect(res.status).toBe(201);
      await eventually(async () => {
        expect(
          (await entity(MEMBER, 'component:default/basket-api')).status,
        ).toBe(200);
      });
    });

    it('refuses a Template from a team repository, even when an admin registers it', async () => {
      const target = repo.put('/commerce/template.yaml', rogueTemplate);
      const dryRun = await register(MEMBER, target, true);
      expect(dryRun.status).toBe(400);
      expect(JSON.stringify(dryRun.body)).toMatch(
        /template:default\/rogue-template at url:[^ ]+, originated at url:[^ ]+, is not of an allowed kind for that location/,
      );

      // Registered for real, the location is stored but its Template never
      // reaches the catalog; neither does it when an admin registers it.
      for (const [user, url] of [
        [MEMBER, target],
        [ADMIN, repo.put('/platform-fork/template.yaml', rogueTemplate)],
      ]) {
        await expectRefusedAtIngestion(
          user,
          url,
          'template:default/rogue-template',
        );
      }
    });

    it('refuses a User from a team repository, so nobody makes themself an admin', async () => {
      const target = repo.put('/commerce/users.yaml', selfPromotion);
      const dryRun = await register(MEMBER, target, true);
      expect(dryRun.status).toBe(400);
      expect(JSON.stringify(dryRun.body)).toContain(
        'is not of an allowed kind',
      );
      await expectRefusedAtIngestion(MEMBER, target, 'user:default/eve');
      // Without a catalog User, eve cannot even sign in.
      await expect(signIn('eve')).rejects.toThrow(/sign-in of eve failed: 404/);
    });

    it('would let a team through a pattern rule with encoded dot segments, so platform locations are exact targets', async () => {
      // The rule matches the registered URL as text; the URL reader then
      // normalises %2e%2e to .. and reads the team's file.
      const sneaky = rogueTemplate.replace('rogue-template', 'sneaky-template');
      repo.put('/commerce/sneaky.yaml', sneaky);
      const target = `http://${repo.host}/platform/%2e%2e/commerce/sneaky.yaml`;
      expect((await register(MEMBER, target)).status).toBe(201);
      await eventually(async () => {
        expect(
          (await entity(ADMIN, 'template:default/sneaky-template')).status,
        ).toBe(200);
      });
    });

    it('admits the configured platform template locations', async () => {
      expect(
        (await entity(MEMBER, 'template:default/eks-service')).status,
      ).toBe(200);
      expect(
        (await entity(NON_MEMBER, 'template:default/adopt-existing-repository'))
          .status,
      ).toBe(200);
    });
  });

  describe('adoptExisting on an eks:* action', () => {
    it.each([
      ['a member of the owning team', MEMBER],
      ['a member of another team', NON_MEMBER],
    ])('is denied for %s, before the action runs', async (_, user) => {
      const before = adoptions.length;
      const run = await runTask(user, {
        repositoryName: 'orders',
        adoptExisting: true,
      });
      expect(run.status).toBe('failed');
      expect(run.log).toContain('Unauthorized action: eks:test:adopt');
      expect(adoptions.length).toBe(before);
    });

    it.each([
      ['is allowed for a platform admin', ADMIN, true],
      ['is not needed by a member to run the action', MEMBER, false],
      ['is not needed by anyone else to run the action', NON_MEMBER, false],
    ])('%s', async (_, user, adoptExisting) => {
      const run = await runTask(user, {
        repositoryName: 'orders',
        adoptExisting,
      });
      expect(run.status).toBe('completed');
      expect(adoptions.at(-1)).toEqual({
        repositoryName: 'orders',
        adoptExisting,
      });
    });

    it('keeps a task to its creator (and the admins)', async () => {
      const { taskId } = await runTask(MEMBER, { repositoryName: 'orders' });
      const other = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', as(NON_MEMBER));
      expect(other.status).toBe(403);
      const admin = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', as(ADMIN));
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

    beforeAll(async () => {
      // Registered by team-commerce in the ingestion tests above.
      await eventually(async () => {
        if ((await entity(ADMIN, PRIVATE)).status !== 200) {
          throw new Error(`${PRIVATE} not ingested yet`);
        }
      });
    });

    const status = (user: string, ref: string) =>
      request(server)
        .get(`/api/eks-platform/v1/status/${ref.replace(':', '/')}`)
        .set('Authorization', as(user));

    it.each([
      ['the owning team', MEMBER, 200, 'ALLOW', PRIVATE],
      ['another team', NON_MEMBER, 404, 'DENY', undefined],
      ['a platform admin', ADMIN, 200, 'ALLOW', PRIVATE],
    ])(
      'a private entity and its status are both visible to %s, or both hidden',
      async (_, user, httpStatus, decision, statusOf) => {
        expect((await entity(user, PRIVATE)).status).toBe(httpStatus);
        const res = await status(user, PRIVATE);
        expect(res.status).toBe(httpStatus);
        expect(res.body.entityRef).toBe(statusOf);
        expect(await authorize(user, statusRead, PRIVATE)).toBe(decision);
        expect(
          await authorize(
            user,
            { ...statusRead, name: 'catalog.entity.read' },
            PRIVATE,
          ),
        ).toBe(decision);
      },
    );

    it('a public entity and its status are visible to every team', async () => {
      for (const user of [MEMBER, NON_MEMBER, ADMIN]) {
        expect((await entity(user, PUBLIC)).status).toBe(200);
        expect((await status(user, PUBLIC)).status).toBe(200);
        expect(await authorize(user, statusRead, PUBLIC)).toBe('ALLOW');
      }
    });

    it('a batch query leaves out what the caller may not read', async () => {
      const res = await request(server)
        .post('/api/eks-platform/v1/status/query')
        .set('Authorization', as(NON_MEMBER))
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
      request(server)
        .post('/api/catalog/refresh')
        .set('Authorization', as(user))
        .send({ entityRef });

    it('only owners and admins refresh an entity', async () => {
      expect(
        (await refresh(NON_MEMBER, 'component:default/basket-api')).status,
      ).toBe(403);
      expect(
        (await refresh(MEMBER, 'component:default/basket-api')).status,
      ).toBe(200);
      expect(
        (await refresh(ADMIN, 'component:default/basket-api')).status,
      ).toBe(200);
    });

    it('only owners and admins delete an entity', async () => {
      const catalogEntityDelete = {
        type: 'resource',
        name: 'catalog.entity.delete',
        attributes: { action: 'delete' },
        resourceType: 'catalog-entity',
      };
      const ref = 'component:default/basket-api';
      expect(await authorize(NON_MEMBER, catalogEntityDelete, ref)).toBe(
        'DENY',
      );
      expect(await authorize(MEMBER, catalogEntityDelete, ref)).toBe('ALLOW');
      expect(await authorize(ADMIN, catalogEntityDelete, ref)).toBe('ALLOW');
      const { body } = await entity(ADMIN, ref);
      const del = await request(server)
        .delete(`/api/catalog/entities/by-uid/${body.metadata.uid}`)
        .set('Authorization', as(NON_MEMBER));
      expect(del.status).toBe(403);
    });

    it('only admins unregister a location, which removes every entity it brought', async () => {
      const created = await register(
        MEMBER,
        repo.put(
          '/commerce/another.yaml',
          commerceComponents
            .replace(/basket-api/g, 'cart-api')
            .replace(/launch-secret/g, 'cart-secret'),
        ),
      );
      const id = created.body.location.id;
      await eventually(async () => {
        expect(
          (await entity(MEMBER, 'component:default/cart-api')).status,
        ).toBe(200);
      });
      for (const user of [NON_MEMBER, MEMBER]) {
        const res = await request(server)
          .delete(`/api/catalog/locations/${id}`)
          .set('Authorization', as(user));
        expect(res.status).toBe(403);
      }
      const admin = await request(server)
        .delete(`/api/catalog/locations/${id}`)
        .set('Authorization', as(ADMIN));
      expect(admin.status).toBe(204);
      await eventually(async () => {
        expect(
          (await entity(MEMBER, 'component:default/cart-api')).status,
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
      expect(await authorize(MEMBER, permission)).toBe('DENY');
      expect(await authorize(NON_MEMBER, permission)).toBe('DENY');
      expect(await authorize(ADMIN, permission)).toBe('ALLOW');
    });

    it('a dry-run of arbitrary template YAML is refused to a team member', async () => {
      const res = await request(server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', as(MEMBER))
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

  describe('the sandbox guest', () => {
    /** Every Component of the demo: the files the sandbox catalog loads. */
    function demoComponentRefs() {
      const files = [
        'catalog-info.yaml',
        ...fs
          .readdirSync(path.join(REPO_ROOT, 'catalog/demo'))
          .map(f => `catalog/demo/${f}`),
      ];
      return files.flatMap(file =>
        parseAllDocuments(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))
          .map(doc => doc.toJS())
          .filter(e => e?.kind === 'Component')
          .map(e => `component:default/${e.metadata.name}`),
      );
    }

    let guest: Awaited<ReturnType<typeof signIn>>;
    beforeAll(async () => {
      guest = await signIn('guest', 'guest');
      tokens.guest = guest.header;
    });

    it('signs in as user:default/guest of the demo, a member of team-commerce', () => {
      expect(guest.ownershipEntityRefs).toEqual([
        'user:default/guest',
        'group:default/team-commerce',
      ]);
    });

    it('reads the whole demo catalog and its platform status', async () => {
      const refs = demoComponentRefs();
      expect(refs.length).toBeGreaterThanOrEqual(24);
      const res = await request(server)
        .post('/api/catalog/entities/by-refs')
        .set('Authorization', guest.header)
        .send({ entityRefs: refs });
      expect(res.status).toBe(200);
      expect(refs.filter((_, i) => res.body.items[i] === null)).toEqual([]);
      for (const ref of [
        'component:default/order-service',
        'component:default/frontend-ui',
      ]) {
        const status = await request(server)
          .get(`/api/eks-platform/v1/status/${ref.replace(':', '/')}`)
          .set('Authorization', guest.header);
        expect(status.status).toBe(200);
      }
    });

    it("refreshes team-commerce's entities, not other teams'", async () => {
      const refresh = (entityRef: string) =>
        request(server)
          .post('/api/catalog/refresh')
          .set('Authorization', guest.header)
          .send({ entityRef });
      expect((await refresh('component:default/order-service')).status).toBe(
        200,
      );
      expect((await refresh('component:default/frontend-ui')).status).toBe(403);
    });

    it('runs templates but adopts nothing and is no admin', async () => {
      expect(
        (await runTask('guest', { repositoryName: 'orders' })).status,
      ).toBe('completed');
      const adopt = await runTask('guest', {
        repositoryName: 'orders',
        adoptExisting: true,
      });
      expect(adopt.status).toBe('failed');
      expect(adopt.log).toContain('Unauthorized action: eks:test:adopt');
      expect(
        await authorize('guest', {
          type: 'basic',
          name: 'scaffolder.template.dry-run',
          attributes: {},
        }),
      ).toBe('DENY');
    });
  });
});
