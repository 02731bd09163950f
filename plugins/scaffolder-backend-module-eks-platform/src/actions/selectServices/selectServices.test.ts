import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  MINI_TEMPLATE_ENTITY as TEMPLATE,
  MINI_TEMPLATE_REF as TEMPLATE_REF,
} from '@internal/eks-platform-test-utils';
import { createTestContext } from '../../__testUtils__/testContext';
import { ALICE, TEAM_A, TEAM_B } from '../../__testUtils__/trust';
import { createSelectServicesAction } from './selectServices';

const SYSTEM = 'system:default/commerce';

const service = (
  name: string,
  owner: string,
  version: string | undefined,
  system = SYSTEM,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      ...(version
        ? {
            'eks.platform/template-ref': TEMPLATE_REF,
            'eks.platform/template-version': version,
          }
        : {}),
    },
  },
  spec: { type: 'service', owner, lifecycle: 'production', system },
  relations: [
    { type: 'ownedBy', targetRef: owner },
    { type: 'partOf', targetRef: system },
  ],
});

const FLEET = [
  TEMPLATE,
  service('orders', TEAM_A, '1.0.0'),
  service('ledger', TEAM_A, '1.1.0'),
  service('billing', TEAM_B, '1.0.0'),
  // Not made from a versioned template: never selected.
  service('legacy', TEAM_A, undefined),
  service('search', TEAM_A, '1.0.0', 'system:default/discovery'),
];

/** The catalog, remembering whose credentials each read used. */
function recordingCatalog(entities: Entity[]) {
  const catalog = catalogServiceMock({ entities });
  const readers: BackstageCredentials[] = [];
  for (const method of [
    'queryEntities',
    'getEntityByRef',
    'getEntitiesByRefs',
  ] as const) {
    const original = (catalog as any)[method].bind(catalog);
    (catalog as any)[method] = (request: unknown, options: any) => {
      readers.push(options?.credentials);
      return original(request, options);
    };
  }
  return { catalog, readers };
}

async function select(input: Record<string, unknown>, entities = FLEET) {
  const { catalog, readers } = recordingCatalog(entities);
  const { ctx, outputs } = createTestContext(input as any, { user: ALICE });
  await createSelectServicesAction({ catalog }).handler(ctx);
  return { outputs, readers };
}

describe('eks:template:select-services', () => {
  it("selects an owner's services with their current and target versions, reading with the caller's credentials", async () => {
    const { outputs, readers } = await select({
      mode: 'selection',
      owner: 'team-a',
    });
    expect(outputs.services).toEqual([
      {
        entityRef: 'component:default/ledger',
        ownerRef: TEAM_A,
        templateRef: TEMPLATE_REF,
        currentVersion: '1.1.0',
        targetVersion: '1.1.0',
        behind: false,
      },
      expect.objectContaining({
        entityRef: 'component:default/orders',
        currentVersion: '1.0.0',
        targetVersion: '1.1.0',
        behind: true,
      }),
      expect.objectContaining({ entityRef: 'component:default/search' }),
    ]);
    expect(outputs.count).toBe(3);
    // Every read is the user's own: the catalog's permissions apply to them.
    expect(readers.length).toBeGreaterThan(0);
    for (const credentials of readers) {
      expect(credentials.principal).toEqual({
        type: 'user',
        userEntityRef: ALICE,
      });
    }
  });

  it('narrows by system, across owners, and to the services behind', async () => {
    const { outputs } = await select({
      mode: 'selection',
      system: SYSTEM,
      onlyBehind: true,
    });
    expect((outputs.services as any[]).map(s => s.entityRef)).toEqual([
      'component:default/billing',
      'component:default/orders',
    ]);
  });

  it('takes a given target version over the template entity’s', async () => {
    const { outputs } = await select({
      mode: 'selection',
      owner: TEAM_A,
      system: SYSTEM,
      onlyBehind: true,
      targetVersion: '1.2.0',
    });
    expect(outputs.services).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/ledger',
        targetVersion: '1.2.0',
        behind: true,
      }),
      expect.objectContaining({
        entityRef: 'component:default/orders',
        targetVersion: '1.2.0',
        behind: true,
      }),
    ]);
  });

  it('selects one service, and ignores the fields of the other mode the form may keep', async () => {
    const { outputs } = await select({
      mode: 'one',
      entityRef: 'component:default/billing',
      owner: TEAM_A,
    });
    expect(outputs.services).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/billing',
        ownerRef: TEAM_B,
      }),
    ]);
  });

  it('refuses a selection over the cap, saying how to narrow it', async () => {
    const many = Array.from({ length: 51 }, (_, i) =>
      service(`svc-${String(i).padStart(2, '0')}`, TEAM_A, '1.0.0'),
    );
    await expect(
      select({ mode: 'selection', owner: TEAM_A }, [TEMPLATE, ...many]),
    ).rejects.toThrow(
      'The selection has 51 services; one run upgrades at most 50. Narrow it: pick an owner and a system, or run it once per system.',
    );
  });

  it('says when nothing matches, and when the one service records no template', async () => {
    await expect(
      select({ mode: 'selection', owner: 'group:default/nobody' }),
    ).rejects.toThrow(
      /No service made from a versioned template matches owner group:default\/nobody/,
    );
    await expect(
      select({ mode: 'one', entityRef: 'component:default/legacy' }),
    ).rejects.toThrow(/has no eks\.platform\/template-ref annotation/);
    await expect(
      select({ mode: 'one', entityRef: 'component:default/unknown' }),
    ).rejects.toThrow(/not in the catalog, or you may not read it/);
  });

  it.each([
    [{}, /Invalid input "mode"/],
    [{ mode: 'all' }, /Invalid input "mode"/],
    [{ mode: 'one' }, /Missing input "entityRef"/],
    [
      { mode: 'one', entityRef: 'group:default/team-a' },
      /"entityRef".*not a Component entity ref/,
    ],
    [{ mode: 'selection' }, /Missing input "owner" or "system"/],
    [
      { mode: 'selection', owner: 'team-a\n- evil' },
      /"owner".*not a Group entity ref/,
    ],
    [
      { mode: 'selection', system: 'component:default/x' },
      /"system".*not a System entity ref/,
    ],
    [
      { mode: 'selection', owner: TEAM_A, onlyBehind: 'yes' },
      /"onlyBehind": give true or false/,
    ],
    [
      { mode: 'selection', owner: TEAM_A, targetVersion: 'latest' },
      /"targetVersion".*MAJOR\.MINOR\.PATCH/,
    ],
  ])('refuses %j before reading the catalog', async (input, error) => {
    const { catalog, readers } = recordingCatalog(FLEET);
    const { ctx } = createTestContext(input as any, { user: ALICE });
    await expect(
      createSelectServicesAction({ catalog }).handler(ctx),
    ).rejects.toThrow(error);
    expect(readers).toEqual([]);
  });
});
