import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import eksPlatformPlugin from '.';
import { component } from './__testUtils__/entities';

/*
 * The access cache through the real backend wiring: a repeated view costs
 * no catalog read, and each caller has their own entries. Expiry, revocation
 * and bounds are proved in service/ReadableEntities.test.ts with a clock.
 */
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

describe('status API access cache', () => {
  async function backend(status: object = {}) {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: async ref =>
        ref === 'component:default/checkout'
          ? component('checkout')
          : undefined,
    });
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async () => [{ result: AuthorizeResult.ALLOW }],
    });
    const { server } = await startTestBackend({
      features: [
        eksPlatformPlugin,
        permissions.factory,
        catalog.factory,
        mockServices.rootConfig.factory({ data: { eksPlatform: { status } } }),
      ],
    });
    const get = (user: string, query = '') =>
      request(server)
        .get(`/api/eks-platform/v1/status/component/default/checkout${query}`)
        .set('Authorization', mockCredentials.user.header(user));
    return { get, catalog, permissions };
  }

  it('serves a repeated view of one caller without the catalog, and says so in Server-Timing', async () => {
    const { get, catalog, permissions } = await backend();
    const first = await get(ALICE);
    expect(first.status).toBe(200);
    expect(first.headers['server-timing']).toMatch(
      /^catalog;dur=[\d.]+, status;dur=[\d.]+$/,
    );
    const second = await get(ALICE);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers['server-timing']).toMatch(
      /^catalog;dur=[\d.]+;desc="cached", status;dur=[\d.]+$/,
    );
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
  });

  it('never answers a second user from the first user’s entry', async () => {
    const { get, catalog } = await backend();
    await get(ALICE);
    const bob = await get(BOB);
    expect(bob.status).toBe(200);
    expect(bob.headers['server-timing']).not.toContain('cached');
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
    expect(catalog.getEntityByRef).toHaveBeenLastCalledWith(
      'component:default/checkout',
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ userEntityRef: BOB }),
        }),
      },
    );
  });

  it('asks the catalog every time when eksPlatform.status.accessCache.ttlSeconds is 0', async () => {
    const { get, catalog } = await backend({ accessCache: { ttlSeconds: 0 } });
    await get(ALICE);
    await get(ALICE);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('refuses an unknown view naming the ones there are', async () => {
    const { get } = await backend();
    const res = await get(ALICE, '?view=everything');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: 'view must be "full" or "summary", got "everything"',
    });
  });
});
