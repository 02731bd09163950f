import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createPublishGithubAction,
  createPublishGithubPullRequestAction,
} from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Octokit } from '@octokit/rest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gitHubSimulatorIntegrations } from './integrationConfig';
import { GitHubSimulator, startGitHubSimulator } from './startGitHubSimulator';

const run = promisify(execFile);

// Real git pushes through isomorphic-git and the CGI backend.
jest.setTimeout(30_000);

/** A workspace directory with files, as earlier template steps leave it. */
function workspaceWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-workspace-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe('the stock Backstage GitHub actions against the simulator', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;
  let integrations: ScmIntegrations;
  const cleanup: string[] = [];

  beforeAll(async () => {
    github = await startGitHubSimulator({ users: ['alice'] });
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: github.token });
    // The same config keys production uses; only the URLs point at the sandbox.
    integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: gitHubSimulatorIntegrations(github),
      }),
    );
  });
  afterAll(async () => {
    await github.close();
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publish:github creates the repository, configures it and pushes the workspace', async () => {
    const action = createPublishGithubAction({
      integrations,
      config: new ConfigReader({}),
    });
    const workspacePath = workspaceWith({
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\n',
      'src/index.ts': 'export const ok = true;\n',
    });
    cleanup.push(workspacePath);
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        repoUrl: `${github.host}?owner=platform&repo=payments`,
        description: 'Payments service',
        repoVisibility: 'private',
        defaultBranch: 'main',
        topics: ['Backstage', 'golden-path'],
        repoVariables: { AWS_REGION: 'eu-west-1' },
        secrets: { SLACK_WEBHOOK: 'https://hooks.example.com/abc' },
        collaborators: [
          { user: 'alice', access: 'maintain' },
          { team: 'developers', access: 'push' },
        ],
        requiredApprovingReviewCount: 1,
      },
    });
    await action.handler(ctx as any);

    const remoteUrl = `${github.url}/git/platform/payments.git`;
    expect(ctx.output).toHaveBeenCalledWith('remoteUrl', remoteUrl);
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      `${github.url}/platform/payments/blob/main`,
    );
    const commitHash = (ctx.output as jest.Mock).mock.calls.find(
      ([k]) => k === 'commitHash',
    )[1];

    const repo = await octokit.rest.repos.get({
      owner: 'platform',
      repo: 'payments',
    });
    expect(repo.data).toMatchObject({
      private: true,
      description: 'Payments service',
      default_branch: 'main',
    });
    const ref = await octokit.rest.git.getRef({
      owner: 'platform',
      repo: 'payments',
      ref: 'heads/main',
    });
    expect(ref.data.object.sha).toBe(commitHash);
    const entity = await octokit.rest.repos.getContent({
      owner: 'platform',
      repo: 'payments',
      path: 'catalog-info.yaml',
    });
    expect(
      Buffer.from((entity.data as any).content, 'base64').toString(),
    ).toContain('name: payments');

    const snapshot = github
      .repos()
      .find(r => r.fullName === 'platform/payments')!;
    expect(snapshot).toMatchObject({
      topics: ['backstage', 'golden-path'],
      variables: { AWS_REGION: 'eu-west-1' },
      secretNames: ['SLACK_WEBHOOK'],
      collaborators: { alice: 'maintain' },
      teams: { developers: 'push' },
      protectedBranches: ['main'],
    });
    const protection = await octokit.rest.repos.getBranchProtection({
      owner: 'platform',
      repo: 'payments',
      branch: 'main',
    });
    expect(
      protection.data.required_pull_request_reviews
        ?.required_approving_review_count,
    ).toBe(1);

    // The pushed commit is a real git commit anyone can clone.
    const clone = path.join(
      workspacePath,
      '..',
      `${path.basename(workspacePath)}-clone`,
    );
    cleanup.push(clone);
    const authed = remoteUrl.replace(
      'http://',
      `http://x-access-token:${github.token}@`,
    );
    await run('git', ['clone', '-q', authed, clone], {
      env: { PATH: process.env.PATH, GIT_TERMINAL_PROMPT: '0' },
    });
    expect(fs.readFileSync(path.join(clone, 'src/index.ts'), 'utf8')).toBe(
      'export const ok = true;\n',
    );
  });

  it('publish:github fails clearly when the repository already exists', async () => {
    const action = createPublishGithubAction({
      integrations,
      config: new ConfigReader({}),
    });
    const workspacePath = workspaceWith({ 'README.md': 'x' });
    cleanup.push(workspacePath);
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        repoUrl: `${github.host}?owner=platform&repo=payments`,
        repoVisibility: 'private',
      },
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /Failed to create the Organization repository platform\/payments, Repository creation failed/,
    );
  });

  it('publish:github:pull-request commits through the Git Data API and opens a PR', async () => {
    await github.createRepository({
      owner: 'platform',
      name: 'gitops',
      files: {
        'README.md': '# gitops\n',
        'apps/old/values.yaml': 'replicas: 1\n',
      },
    });
    const action = createPublishGithubPullRequestAction({
      integrations,
      config: new ConfigReader({}),
    });
    const workspacePath = workspaceWith({
      'apps/payments/values.yaml': 'replicas: 3\n',
      'apps/payments/application.yaml': 'kind: Application\n',
    });
    cleanup.push(workspacePath);
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        repoUrl: `${github.host}?owner=platform&repo=gitops`,
        branchName: 'add-payments',
        title: 'Add payments',
        description: 'Registers payments with Argo CD',
        filesToDelete: ['apps/old/values.yaml'],
        reviewers: ['alice'],
      },
    });
    await action.handler(ctx as any);

    expect(ctx.output).toHaveBeenCalledWith('targetBranchName', 'main');
    expect(ctx.output).toHaveBeenCalledWith('pullRequestNumber', 1);
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      `${github.url}/platform/gitops/pull/1`,
    );
    const pr = await octokit.rest.pulls.get({
      owner: 'platform',
      repo: 'gitops',
      pull_number: 1,
    });
    expect(pr.data).toMatchObject({
      title: 'Add payments',
      body: 'Registers payments with Argo CD',
      head: { ref: 'add-payments' },
    });
    expect(pr.data.requested_reviewers?.map(u => u.login)).toEqual(['alice']);

    const tree = await octokit.rest.git.getTree({
      owner: 'platform',
      repo: 'gitops',
      tree_sha: 'add-payments',
      recursive: '1',
    });
    expect(
      tree.data.tree
        .filter(e => e.type === 'blob')
        .map(e => e.path)
        .sort(),
    ).toEqual([
      'README.md',
      'apps/payments/application.yaml',
      'apps/payments/values.yaml',
    ]);

    // A second run for the same branch is refused while the PR is open
    // (the plugin asks GraphQL for the branch's open pull requests).
    const again = createMockActionContext({ workspacePath, input: ctx.input });
    await expect(action.handler(again as any)).rejects.toThrow(
      /Pull request creation failed/,
    );

    const merged = await octokit.rest.pulls.merge({
      owner: 'platform',
      repo: 'gitops',
      pull_number: 1,
    });
    const values = await octokit.rest.repos.getContent({
      owner: 'platform',
      repo: 'gitops',
      path: 'apps/payments/values.yaml',
      ref: merged.data.sha,
    });
    expect(Buffer.from((values.data as any).content, 'base64').toString()).toBe(
      'replicas: 3\n',
    );
  });
});
