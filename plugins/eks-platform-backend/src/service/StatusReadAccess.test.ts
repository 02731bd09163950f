import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { AUTHORIZE_BATCH, StatusReadAccess } from './StatusReadAccess';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: {},
});

const conditional: ConditionalPolicyDecision = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'HAS_LABEL',
    resourceType: 'catalog-entity',
    params: { label: 'x' },
  },
};

describe('StatusReadAccess', () => {
  const credentials = mockCredentials.user('user:default/dave');

  it('refuses a caller denied outright, before any entity is looked at', async () => {
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async () => [{ result: AuthorizeResult.DENY }],
    });
    await expect(
      StatusReadAccess.check(permissions, credentials),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'You are not allowed to read platform status (eks.platform.status.read)',
    });
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it('allows every entity without asking again when allowed outright', async () => {
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async () => [{ result: AuthorizeResult.ALLOW }],
    });
    const access = await StatusReadAccess.check(permissions, credentials);
    expect(await access.allows([entity('a'), entity('b')])).toEqual([
      true,
      true,
    ]);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it('asks per entity, by reference, when the decision is conditional', async () => {
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async () => [conditional],
      authorize: async requests =>
        requests.map(r => ({
          result:
            'resourceRef' in r && r.resourceRef === 'component:default/open'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
    });
    const access = await StatusReadAccess.check(permissions, credentials);
    expect(await access.allows([entity('open'), entity('hidden')])).toEqual([
      true,
      false,
    ]);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({ resourceRef: 'component:default/open' }),
        expect.objectContaining({ resourceRef: 'component:default/hidden' }),
      ],
      { credentials },
    );
    expect(await access.allows([])).toEqual([]);
  });

  it('asks in batches the permission backend accepts, keeping each answer with its entity', async () => {
    const sizes: number[] = [];
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async () => [conditional],
      authorize: async requests => {
        sizes.push(requests.length);
        // Allowed: the entities whose name ends in an even digit.
        return requests.map(r => ({
          result: /[02468]$/.test((r as { resourceRef: string }).resourceRef)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        }));
      },
    });
    const access = await StatusReadAccess.check(permissions, credentials);
    const many = Array.from({ length: 250 }, (_, i) => entity(`svc-${i}`));
    const allowed = await access.allows(many);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(AUTHORIZE_BATCH);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(250);
    expect(allowed).toEqual(many.map((_, i) => i % 2 === 0));
  });

  it('trusts the catalog read when the status decision has exactly its conditions', async () => {
    // The portal's policy gives both permissions the same conditions: the
    // catalog applied them to every entity it returned to the caller.
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async requests => requests.map(() => conditional),
    });
    const access = await StatusReadAccess.check(permissions, credentials);
    expect(await access.allows([entity('a'), entity('b')])).toEqual([
      true,
      true,
    ]);
    expect(permissions.authorize).not.toHaveBeenCalled();
    expect(permissions.authorizeConditional).toHaveBeenCalledWith(
      [
        { permission: expect.objectContaining({ name: 'eks.platform.status.read' }) },
        { permission: expect.objectContaining({ name: 'catalog.entity.read' }) },
      ],
      { credentials },
    );
  });

  it.each([
    [
      'other conditions',
      {
        ...conditional,
        conditions: { ...conditional.conditions, params: { label: 'y' } },
      },
    ],
    ['an outright allow', { result: AuthorizeResult.ALLOW }],
    ['another resource type', { ...conditional, resourceType: 'other' }],
  ])(
    'still asks per entity when catalog reads get %s',
    async (_, catalogRead) => {
      const permissions = mockServices.permissions.mock({
        authorizeConditional: async () => [conditional, catalogRead as any],
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.DENY })),
      });
      const access = await StatusReadAccess.check(permissions, credentials);
      expect(await access.allows([entity('a')])).toEqual([false]);
      expect(permissions.authorize).toHaveBeenCalledTimes(1);
    },
  );
});
