import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { exampleInput } from '../../__testUtils__/examples';
import { createTestContext } from '../../__testUtils__/testContext';
import {
  generatedService,
  TEMPLATE_REF,
  useUpgradePlatform,
} from '../../__testUtils__/templateUpgradePlatform';
import { ALICE, ROOT, TEAM_A } from '../../__testUtils__/trust';
import { registerTemplateUpgradeTools } from '../../registryActions/templateUpgradeTools';
import { TEMPLATE_UPGRADE_ACTION_ID } from './templateUpgrade';
import { examples } from './templateUpgrade.examples';

// The simulator, the template history and the merge run real git.
jest.setTimeout(60_000);

/** The examples' template: the engine's mini template stands in for it. */
const EKS_SERVICE = 'template:default/eks-service';

/** The third example's repository: made from 1.0.0, no version recorded in the catalog. */
const legacyOrders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'legacy-orders',
    namespace: 'default',
    annotations: { 'github.com/project-slug': 'acme/legacy-orders' },
  },
  spec: { type: 'service', owner: TEAM_A, lifecycle: 'production' },
};

/** Generated from 1.0.0 before repositories recorded their template (no .backstage/template.json). */
async function legacyFiles(templateRepo: string) {
  const files = await generatedService(templateRepo, 'legacy-orders', TEAM_A);
  delete files['.backstage/template.json'];
  return files;
}

describe('eks:template:upgrade examples', () => {
  const current = useUpgradePlatform(async templateRepo => [
    {
      owner: 'acme',
      name: 'legacy-orders',
      files: await legacyFiles(templateRepo),
    },
  ]);

  const action = () =>
    current().action({
      templateRefs: [TEMPLATE_REF, EKS_SERVICE],
      entities: [legacyOrders],
    });

  it('opens the pull request to the newest version (example 1)', async () => {
    const input = exampleInput(examples[0], TEMPLATE_UPGRADE_ACTION_ID);
    const { ctx, outputs } = createTestContext(input, { user: ALICE });
    await action().handler(ctx as any);
    expect(outputs).toMatchObject({
      status: 'created',
      toVersion: '1.1.0',
      branch: 'template-upgrade/v1.1.0',
    });
    expect((await current().writes()).pulls).toBe(1);
  });

  it('previews the upgrade to 1.1.0 without writing (example 2)', async () => {
    const input = exampleInput(examples[1], TEMPLATE_UPGRADE_ACTION_ID);
    const { ctx, outputs } = createTestContext(input, { user: ALICE });
    await action().handler(ctx as any);
    expect(outputs).toMatchObject({ status: 'dry-run', toVersion: '1.1.0' });
    expect(await current().writes()).toEqual({ pulls: 0, branches: ['main'] });
  });

  it('lets a platform admin adopt a repository without a recorded version (example 3)', async () => {
    const input = exampleInput(examples[2], TEMPLATE_UPGRADE_ACTION_ID);
    const { ctx, outputs } = createTestContext(input, { user: ROOT });
    await action().handler(ctx as any);
    expect(outputs).toMatchObject({
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      pullRequestNumber: expect.any(Number),
    });
  });

  it('runs the examples of preview-template-upgrade and eks-template-upgrade', async () => {
    const registry = actionsRegistryServiceMock();
    registerTemplateUpgradeTools({
      registry,
      logger: mockServices.logger.mock(),
      action: action(),
    });
    const examplesOf = (name: string) =>
      registry.actions.get(`test:${name}`)!.examples ?? [];
    const call = async (name: string, input: Record<string, unknown>) =>
      (
        await registry.invoke({
          id: `test:${name}`,
          input: input as any,
          credentials: mockCredentials.user(ALICE),
        })
      ).output as Record<string, unknown>;

    const previews = examplesOf('preview-template-upgrade');
    expect(previews.length).toBeGreaterThan(0);
    for (const example of previews) {
      expect(
        await call('preview-template-upgrade', example.input),
      ).toMatchObject({ status: 'dry-run', toVersion: '1.1.0' });
    }
    expect(await current().writes()).toEqual({ pulls: 0, branches: ['main'] });

    const upgrades = examplesOf('eks-template-upgrade');
    expect(upgrades.length).toBeGreaterThan(0);
    for (const example of upgrades) {
      expect(await call('eks-template-upgrade', example.input)).toMatchObject({
        status: 'created',
        branch: 'template-upgrade/v1.1.0',
      });
    }
    expect((await current().writes()).pulls).toBe(1);
  });
});
