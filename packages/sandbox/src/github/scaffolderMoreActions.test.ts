import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createGithubActionsDispatchAction,
  createGithubEnvironmentAction,
  createGithubRepoCreateAction,
  createGithubRepoPushAction,
} from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Octokit } from '@octokit/rest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitHubSimulatorIntegrations } from './integrationConfig';
import { GitHubSimulator, startGitHubSimulator } from './startGitHubSimulator';

// Real pushes, plus the environment action's own 2 s pause.
jest.setTimeout(30_000);

describe('more stock GitHub actions against the simulator', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;
  let integrations: ScmIntegrations;
  const dirs: string[] = [];

  beforeAll(async () => {
    github = await startGitHubSimulator({ users: ['alice'] });
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: github.token });
    integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: gitHubSimulatorIntegrations(github),
      }),
    );
  });
  afterAll(async () => {
    await github.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('github:repo:create then github:repo:push', async () => {
    const repoUrl = `${github.host}?owner=acme&repo=orders`;
    await createGithubRepoCreateAction({ integrations }).handler(
      createMockActionContext({
        input: { repoUrl, repoVisibility: 'internal', topics: ['orders'] },
      }) as any,
    );
    expect(
      (await octokit.rest.repos.get({ owner: 'acme', repo: 'orders' })).data
        .visibility,
    ).toBe('internal');

    const workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-push-'));
    dirs.push(workspacePath);
    fs.writeFileSync(
      path.join(workspacePath, 'catalog-info.yaml'),
      'kind: Component\n',
    );
    const push = createGithubRepoPushAction({
      integrations,
      config: new ConfigReader({}),
    });
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        repoUrl,
        defaultBranch: 'main',
        protectDefaultBranch: false,
        gitCommitMessage: 'scaffold orders',
      },
    });
    await push.handler(ctx as any);
    const commits = await octokit.rest.repos.listCommits({
      owner: 'acme',
      repo: 'orders',
    });
    expect(commits.data.map(c => c.commit.message)).toEqual([
      'scaffold orders',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('commitHash', commits.data[0].sha);
  });

  it('github:environment:create resolves reviewers through the catalog and sets up the environment', async () => {
    await github.createRepository({
      owner: 'platform',
      name: 'billing',
      files: { 'README.md': '#\n' },
    });
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'alice' },
          spec: {},
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'developers' },
          spec: { type: 'team', children: [] },
        },
      ],
    });
    const action = createGithubEnvironmentAction({ integrations, catalog });
    await action.handler(
      createMockActionContext({
        input: {
          repoUrl: `${github.host}?owner=platform&repo=billing`,
          name: 'production',
          deploymentBranchPolicy: {
            protected_branches: false,
            custom_branch_policies: true,
          },
          customBranchPolicyNames: ['main'],
          customTagPolicyNames: ['v*'],
          environmentVariables: { CLUSTER: 'prod' },
          secrets: { DEPLOY_TOKEN: 'very-secret' },
          waitTimer: 10,
          reviewers: ['user:default/alice', 'group:default/developers'],
        },
      }) as any,
    );
    const env = await octokit.rest.repos.getEnvironment({
      owner: 'platform',
      repo: 'billing',
      environment_name: 'production',
    });
    const reviewers = env.data.protection_rules?.find(
      r => r.type === 'required_reviewers',
    ) as any;
    expect(reviewers.reviewers.map((r: any) => r.type)).toEqual([
      'User',
      'Team',
    ]);
    expect(
      github.repos().find(r => r.name === 'billing')!.environments,
    ).toEqual([
      {
        name: 'production',
        variables: { CLUSTER: 'prod' },
        secretNames: ['DEPLOY_TOKEN'],
        branchPolicies: ['branch:main', 'tag:v*'],
      },
    ]);
  });

  it('github:actions:dispatch needs the workflow file on the ref', async () => {
    await github.createRepository({
      owner: 'platform',
      name: 'deployer',
      files: { '.github/workflows/deploy.yaml': 'on: workflow_dispatch\n' },
    });
    const action = createGithubActionsDispatchAction({ integrations });
    const input = {
      repoUrl: `${github.host}?owner=platform&repo=deployer`,
      branchOrTagName: 'main',
      workflowInputs: { env: 'dev' },
    };
    await action.handler(
      createMockActionContext({
        input: { ...input, workflowId: 'deploy.yaml' },
      }) as any,
    );
    expect(github.repos().find(r => r.name === 'deployer')!.recorded).toEqual([
      {
        kind: 'workflow-dispatch',
        body: {
          workflow: 'deploy.yaml',
          ref: 'main',
          inputs: { env: 'dev' },
          run_id: expect.any(Number),
        },
      },
    ]);
    await expect(
      action.handler(
        createMockActionContext({
          input: { ...input, workflowId: 'missing.yaml' },
        }) as any,
      ),
    ).rejects.toThrow();
  });
});
