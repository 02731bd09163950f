import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import eksPlatformPlugin from '..';
import { component } from '../__testUtils__/entities';
import { conditionalPermissions as permissionsDenying } from '../__testUtils__/conditionalPermissions';
import { pluginDatabase } from '../__testUtils__/pluginDatabase';
import { Knex } from '../scorecard/ScoreHistoryStore';
import { UpgradePullRequestStore } from './UpgradePullRequestStore';

const HIDDEN = 'component:default/hidden';
const ROUTE = '/api/eks-platform/v1/template-upgrade/pull-requests';

const conditionalPermissions = permissionsDenying(HIDDEN);

const service = (name: string): Entity =>
  component(name, {
    'eks.platform/template-ref': 'template:default/eks-service',
    'eks.platform/template-version': '1.0.0',
  });

describe('POST /api/eks-platform/v1/template-upgrade/pull-requests', () => {
  let knex: Knex;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    knex = await pluginDatabase();
    const backend = await startTestBackend({
      features: [
        eksPlatformPlugin,
        conditionalPermissions,
        // The plugin migrates this database at start; the test seeds it.
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            eksPlatform: {
              templateUpgrades: {
                pullRequestRefresh: { frequencyMinutes: 10 },
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            service('orders'),
            service('cart'),
            service('hidden'),
            service('ledger'),
          ],
        }),
      ],
    });
    server = backend.server;
    const store = new UpgradePullRequestStore(knex);
    const now = Date.now();
    const pull = (repo: string, number: number) => ({
      url: `https://github.example/acme/${repo}/pull/${number}`,
      number,
    });
    await store.recordChecked(
      {
        entityRef: 'component:default/orders',
        targetVersion: '1.1.0',
        pullRequest: { ...pull('orders', 12), state: 'open' },
        conflicts: 1,
      },
      new Date(now - 60_000),
    );
    // An older version's record: the newest target version answers.
    await store.recordChecked(
      {
        entityRef: 'component:default/orders',
        targetVersion: '1.0.5',
        pullRequest: { ...pull('orders', 3), state: 'closed' },
      },
      new Date(now - 60_000),
    );
    // Not confirmed for an hour (3 periods of 10 minutes passed): stale.
    await store.recordChecked(
      {
        entityRef: 'component:default/cart',
        targetVersion: '1.1.0',
        pullRequest: { ...pull('cart', 7), state: 'merged' },
      },
      new Date(now - 3_600_000),
    );
    await store.recordChecked(
      {
        entityRef: HIDDEN,
        targetVersion: '1.1.0',
        pullRequest: { ...pull('hidden', 9), state: 'open' },
      },
      new Date(now - 60_000),
    );
  });

  afterAll(async () => {
    await knex.destroy();
  });

  const ask = (body: unknown) =>
    request(server)
      .post(ROUTE)
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send(body as object);

  it('answers the newest record of each service the caller may read, with staleness', async () => {
    const res = await ask({
      entityRefs: [
        'component:default/orders',
        'component:default/cart',
        'component:default/ledger',
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.items).toEqual([
      {
        entityRef: 'component:default/orders',
        targetVersion: '1.1.0',
        state: 'open',
        url: 'https://github.example/acme/orders/pull/12',
        number: 12,
        conflicts: 1,
        checkedAt: expect.any(String),
        stale: false,
      },
      {
        entityRef: 'component:default/cart',
        targetVersion: '1.1.0',
        state: 'merged',
        url: 'https://github.example/acme/cart/pull/7',
        number: 7,
        checkedAt: expect.any(String),
        stale: true,
      },
      // ledger has no record yet: left out, never a made-up "none".
    ]);
  });

  it('leaves out the services the caller may not read, as the status query does', async () => {
    const res = await ask({
      entityRefs: [
        HIDDEN,
        'component:default/ghost',
        'component:default/orders',
      ],
    });
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['component:default/orders']);
    expect(res.body.errors).toEqual([
      {
        entityRef: HIDDEN,
        error: {
          name: 'NotAllowedError',
          message: `You are not allowed to read the template upgrade of ${HIDDEN}`,
        },
      },
      {
        entityRef: 'component:default/ghost',
        error: {
          name: 'NotFoundError',
          message: 'Entity component:default/ghost not found',
        },
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('hidden/pull/9');
  });

  it('refuses a malformed body with what to send', async () => {
    for (const body of [[], { entityRefs: [] }, { entityRefs: [42] }]) {
      const res = await ask(body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
    }
  });

  it('answers 401 without credentials', async () => {
    const res = await request(server)
      .post(ROUTE)
      .set('Authorization', mockCredentials.none.header())
      .send({ entityRefs: ['component:default/orders'] });
    expect(res.status).toBe(401);
  });
});
