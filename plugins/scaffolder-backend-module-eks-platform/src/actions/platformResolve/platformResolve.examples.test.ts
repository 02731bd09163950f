import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { exampleInput } from '../../__testUtils__/examples';
import { createTestContext } from '../../__testUtils__/testContext';
import { createPlatformResolveAction } from './platformResolve';
import { examples } from './platformResolve.examples';
import { catalogEntities, platformConfig } from './platformResolve.fixtures';

const ACTION_ID = 'eks:platform:resolve';

/*
 * The examples as the scaffolder runs them: the action reads only platform
 * config and the catalog (with the user's credentials), so a catalog of the
 * peers the examples pick is all they need.
 */
describe('eks:platform:resolve examples', () => {
  const action = createPlatformResolveAction({
    config: platformConfig,
    catalog: catalogServiceMock({ entities: catalogEntities }),
  });

  it("resolves a new service's namespace, environments and image repository from the form (example 1)", async () => {
    const input = exampleInput(examples[0], ACTION_ID, {
      parameters: {
        name: 'orders-api',
        owner: 'group:default/team-commerce',
        environments: ['dev', 'prod'],
      },
    });
    const { ctx, outputs } = createTestContext(input);
    await action.handler(ctx);
    expect(outputs.namespace).toBe('commerce');
    expect(outputs.environmentNames).toEqual(['dev', 'prod']);
    expect(Object.keys(outputs.environmentSettings as object)).toEqual([
      'dev',
      'prod',
    ]);
    expect(outputs.imageRepository).toMatch(/\/orders-api$/);
  });

  it('resolves the callers and dependencies picked in the catalog to workloads per environment (example 2)', async () => {
    const input = exampleInput(examples[1], ACTION_ID);
    const { ctx, outputs } = createTestContext(input);
    await action.handler(ctx);
    expect(outputs.environmentNames).toEqual(['dev', 'stage', 'prod']);
    const [dev] = outputs.environments as any[];
    expect(dev.allowedCallers).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/storefront',
        name: 'storefront-web',
        port: '8080',
      }),
    ]);
    // The API stands for the Component providing it.
    expect(dev.dependencies.map((d: any) => d.name).sort()).toEqual([
      'checkout',
      'inventory',
    ]);
  });
});
