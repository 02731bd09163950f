import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { Octokit } from '@octokit/rest';
import fs from 'node:fs';
import {
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import { ALICE, BOB, ROOT, TEAM_A, testTrust } from '../../__testUtils__/trust';
import {
  fleetConfig,
  generatedServiceFiles,
  MINI_TEMPLATE_REF,
  miniTemplateRepository,
} from '../../__testUtils__/miniFleet';
import { createTemplateUpgradeAction } from './templateUpgrade';
import { registerTemplateUpgradeTools } from '../../registryActions/templateUpgradeTools';

// The simulator, the template history and the merge run real git.
jest.setTimeout(60_000);

const TEMPLATE_REF = MINI_TEMPLATE_REF;

describe('eks:template:upgrade', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;
  let templateRepo: string;
  let entity: Entity;

  beforeAll(() => {
    templateRepo = miniTemplateRepository();
  });
  afterAll(() => {
    fs.rmSync(templateRepo, { recursive: true, force: true });
  });

  beforeEach(async () => {
    // "orders" as the mini template generated it at 1.0.0.
    const files = await generatedServiceFiles(templateRepo, 'orders', TEAM_A);
    github = await startGitHubSimulator({
      users: ['jdoe'],
      repositories: [
        {
          owner: 'acme',
          name: 'orders',
          files,
        },
        {
          owner: 'acme',
          name: 'billing',
          files: {
            'catalog-info.yaml':
              'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: billing\nspec:\n  type: service\n  owner: group:default/team-b\n  lifecycle: production\n',
          },
        },
      ],
    });
    octokit = new Octokit({ auth: github.token, baseUrl: github.apiBaseUrl });
    entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders',
        namespace: 'default',
        annotations: {
          'github.com/project-slug': 'acme/orders',
          'backstage.io/managed-by-location': `url:http://${github.host}/acme/orders/blob/main/catalog-info.yaml`,
          'eks.platform/template-ref': TEMPLATE_REF,
          'eks.platform/template-version': '1.0.0',
        },
      },
      spec: { type: 'service', owner: TEAM_A, lifecycle: 'production' },
    };
  });
  afterEach(async () => {
    await github.close();
  });

  function action() {
    const data = fleetConfig(github, templateRepo);
    return createTemplateUpgradeAction({
      config: new ConfigReader(data),
      callPolicy: testCallPolicy({}, 10_000).policy,
      ...testTrust(data, [entity]),
    });
  }

  async function writes() {
    const pulls = await octokit.rest.pulls.list({
      owner: 'acme',
      repo: 'orders',
      state: 'all',
    });
    const branches = await octokit.rest.repos.listBranches({
      owner: 'acme',
      repo: 'orders',
    });
    return {
      pulls: pulls.data.length,
      branches: branches.data.map(b => b.name),
    };
  }

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
        repoUrl: `${github.host}?owner=acme&repo=billing`,
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
