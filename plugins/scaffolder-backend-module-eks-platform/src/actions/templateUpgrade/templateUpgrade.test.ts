import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { createTestContext } from '../../__testUtils__/testContext';
import { useUpgradePlatform } from '../../__testUtils__/templateUpgradePlatform';
import { ALICE, BOB, ROOT } from '../../__testUtils__/trust';
import { registerTemplateUpgradeTools } from '../../registryActions/templateUpgradeTools';

// The simulator, the template history and the merge run real git.
jest.setTimeout(60_000);

describe('eks:template:upgrade', () => {
  const current = useUpgradePlatform(() => [
    {
      owner: 'acme',
      name: 'billing',
      files: {
        'catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: billing\nspec:\n  type: service\n  owner: group:default/team-b\n  lifecycle: production\n',
      },
    },
  ]);

  const action = () => current().action();
  const writes = () => current().writes();

  it('refuses a user outside the owning team before any write', async () => {
    const { ctx } = createTestContext(
      { entityRef: 'component:default/orders' },
      { user: BOB },
    );
    await expect(action().handler(ctx as any)).rejects.toThrow(
      /user:default\/bob is not a member of group:default\/team-a/,
    );
    expect(await writes()).toEqual({ pulls: 0, branches: ['main'] });
  });

  it('lets only platform admins adopt', async () => {
    const { ctx } = createTestContext(
      { entityRef: 'component:default/orders', adopt: { version: '1.0.0' } },
      { user: ALICE },
    );
    await expect(action().handler(ctx as any)).rejects.toThrow(
      /may not use "adopt": only platform admins/,
    );
    expect(await writes()).toEqual({ pulls: 0, branches: ['main'] });
  });

  it('refuses another service’s repository', async () => {
    const { ctx } = createTestContext(
      {
        entityRef: 'component:default/orders',
        repoUrl: `${current().github.host}?owner=acme&repo=billing`,
      },
      { user: ALICE },
    );
    await expect(action().handler(ctx as any)).rejects.toThrow(
      /acme\/billing is not component:default\/orders's repository/,
    );
  });

  it('previews the diff for the owning team, then opens and re-uses one pull request', async () => {
    const preview = createTestContext(
      { entityRef: 'component:default/orders', dryRun: true },
      { user: ALICE },
    );
    await action().handler(preview.ctx as any);
    expect(preview.outputs).toMatchObject({
      status: 'dry-run',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      conflicts: [],
    });
    expect(preview.outputs.diff).toContain('ErrorBudgetBurnRate');
    expect(await writes()).toEqual({ pulls: 0, branches: ['main'] });

    const first = createTestContext(
      { entityRef: 'component:default/orders' },
      { user: ALICE },
    );
    await action().handler(first.ctx as any);
    expect(first.outputs).toMatchObject({
      status: 'created',
      branch: 'template-upgrade/v1.1.0',
      pullRequestNumber: expect.any(Number),
    });
    expect(first.outputs.diff).toBe(preview.outputs.diff);

    // A platform admin outside the team may run it too; same pull request.
    const again = createTestContext(
      { entityRef: 'component:default/orders' },
      { user: ROOT },
    );
    await action().handler(again.ctx as any);
    expect(again.outputs).toMatchObject({
      status: 'unchanged',
      pullRequestNumber: first.outputs.pullRequestNumber,
    });
    expect(await writes()).toEqual({
      pulls: 1,
      branches: expect.arrayContaining(['main', 'template-upgrade/v1.1.0']),
    });
  });
  it('serves agents its dry run as preview-template-upgrade and the pull request as eks-template-upgrade, with the same owner check', async () => {
    const registry = actionsRegistryServiceMock();
    registerTemplateUpgradeTools({
      registry,
      logger: mockServices.logger.mock(),
      action: action(),
    });
    const input = { entityRef: 'component:default/orders' };
    await expect(
      registry.invoke({
        id: 'test:preview-template-upgrade',
        input,
        credentials: mockCredentials.user(BOB),
      }),
    ).rejects.toThrow(
      /user:default\/bob is not a member of group:default\/team-a/,
    );

    const { output: preview } = (await registry.invoke({
      id: 'test:preview-template-upgrade',
      input,
      credentials: mockCredentials.user(ALICE),
    })) as { output: Record<string, unknown> };
    expect(preview).toMatchObject({
      status: 'dry-run',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      conflicts: [],
      diffTruncated: false,
      changedFiles: expect.arrayContaining([expect.any(String)]),
    });
    expect(preview.diff).toContain('ErrorBudgetBurnRate');
    expect(await writes()).toEqual({ pulls: 0, branches: ['main'] });

    const opened = await registry.invoke({
      id: 'test:eks-template-upgrade',
      input,
      credentials: mockCredentials.user(ALICE),
    });
    expect(opened.output).toMatchObject({
      status: 'created',
      diff: preview.diff,
      pullRequestNumber: expect.any(Number),
    });
    // Idempotent: the same call again finds the same pull request.
    const again = await registry.invoke({
      id: 'test:eks-template-upgrade',
      input,
      credentials: mockCredentials.user(ALICE),
    });
    expect(again.output).toMatchObject({ status: 'unchanged' });
    expect((await writes()).pulls).toBe(1);
  });
});
