import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  GithubClient,
  githubAccess,
  proposeChange,
  registrationBranch,
} from '@internal/backstage-plugin-eks-platform-node';
import {
  GitHubSimulator,
  gitHubSimulatorIntegrations,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { RegistrationSource } from './RegistrationSource';

// The simulator keeps real git repositories: slow to start on a loaded machine.
jest.setTimeout(30_000);

const service = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: { 'github.com/project-slug': `acme/${name}` },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'experimental' },
});

describe('RegistrationSource', () => {
  let github: GitHubSimulator;
  let config: ConfigReader;

  beforeAll(async () => {
    github = await startGitHubSimulator({ owners: ['platform', 'acme'] });
    await github.createRepository({
      owner: 'platform',
      name: 'gitops',
      files: { 'README.md': '# gitops\n' },
    });
    await github.createRepository({
      owner: 'acme',
      name: 'checkout',
      files: { 'README.md': '# checkout\n' },
    });
    config = new ConfigReader({
      integrations: gitHubSimulatorIntegrations(github),
      eksPlatform: {
        gitops: {
          repoUrl: `${github.host}?owner=platform&repo=gitops`,
          baseBranch: 'main',
        },
        actions: { timeoutMs: 2000, retry: { attempts: 1 } },
      },
    });
  });
  afterAll(() => github.close());

  /** Opens the registration pull request the way eks:argocd:register does. */
  async function openRegistration(name: string) {
    const access = githubAccess(config);
    const gh = await GithubClient.create({
      integrations: access.integrations,
      credentialsProvider: access.credentialsProvider,
      ref: { host: github.host, owner: 'platform', repo: 'gitops' },
      policy: access.callPolicy,
    });
    return proposeChange(gh, {
      branch: registrationBranch(name),
      baseBranch: 'main',
      title: `Register ${name} in Argo CD (dev)`,
      body: 'test',
      commitMessage: `Register ${name} in Argo CD (dev)`,
      files: { [`apps/${name}/dev.yaml`]: 'kind: Application\n' },
      authorship: {
        identity: { name: 'EKS Platform', email: 'eks@backstage.invalid' },
        trailers: { 'Eks-Platform-Action': 'eks:argocd:register' },
        description: 'test registration',
      },
    });
  }

  it('finds the open registration pull request of a service, and none for another', async () => {
    const opened = await openRegistration('checkout');
    const source = RegistrationSource.fromConfig(
      config,
      mockServices.logger.mock(),
    );
    const pull = await source.openPullRequest(service('checkout'));
    expect(pull).toEqual({
      url: opened.pullRequestUrl,
      number: opened.pullRequestNumber,
      title: 'Register checkout in Argo CD (dev)',
    });
    expect(await source.openPullRequest(service('billing'))).toBeUndefined();
  });

  it('lists the GitOps pull requests once for many services (cached)', async () => {
    const source = RegistrationSource.fromConfig(
      config,
      mockServices.logger.mock(),
    );
    const before =
      github.requestCounts.get('GET /api/v3/repos/platform/gitops/pulls') ?? 0;
    await Promise.all(
      ['checkout', 'a', 'b', 'c'].map(n => source.openPullRequest(service(n))),
    );
    const after =
      github.requestCounts.get('GET /api/v3/repos/platform/gitops/pulls') ?? 0;
    expect(after - before).toBe(1);
  });

  it('no longer reports the pull request once it is merged', async () => {
    const opened = await openRegistration('payments');
    const res = await fetch(
      `${github.apiBaseUrl}/repos/platform/gitops/pulls/${opened.pullRequestNumber}/merge`,
      {
        method: 'PUT',
        headers: {
          authorization: `token ${github.token}`,
          'content-type': 'application/json',
        },
        body: '{}',
      },
    );
    expect(res.ok).toBe(true);
    const source = RegistrationSource.fromConfig(
      config,
      mockServices.logger.mock(),
    );
    expect(await source.openPullRequest(service('payments'))).toBeUndefined();
  });

  it('leaves the facts out and logs once when GitHub fails, never failing the status', async () => {
    const logger = mockServices.logger.mock();
    const source = RegistrationSource.fromConfig(config, logger);
    github.setFailure({
      pathPattern: '/repos/platform/gitops/pulls',
      status: 500,
    });
    expect(await source.openPullRequest(service('checkout'))).toBeUndefined();
    // The failure answers the next services too, without a second warning.
    expect(await source.openPullRequest(service('orders'))).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('GitOps pull requests'),
      expect.anything(),
    );
    github.clearFailures();
  });

  it('has no CI run before a workflow ran, nor for a repository not created yet', async () => {
    const logger = mockServices.logger.mock();
    const source = RegistrationSource.fromConfig(config, logger);
    expect(await source.latestCiRun(service('checkout'))).toBeUndefined();
    expect(await source.latestCiRun(service('not-created'))).toBeUndefined();
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('links a pending service to its latest CI run', async () => {
    await github.createRepository({
      owner: 'acme',
      name: 'orders',
      files: {
        'README.md': '# orders\n',
        '.github/workflows/ci.yaml': 'on: workflow_dispatch\njobs: {}\n',
      },
    });
    const dispatch = async () => {
      const res = await fetch(
        `${github.apiBaseUrl}/repos/acme/orders/actions/workflows/ci.yaml/dispatches`,
        {
          method: 'POST',
          headers: {
            authorization: `token ${github.token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ ref: 'main', return_run_details: true }),
        },
      );
      expect(res.status).toBe(200);
      return (await res.json()) as { html_url: string };
    };
    await dispatch();
    const latest = await dispatch();
    const source = RegistrationSource.fromConfig(
      config,
      mockServices.logger.mock(),
    );
    expect(await source.latestCiRun(service('orders'))).toEqual({
      url: latest.html_url,
      status: 'queued',
    });
  });

  it('reads nothing without a GitOps repository configured', async () => {
    const source = RegistrationSource.fromConfig(
      new ConfigReader({}),
      mockServices.logger.mock(),
    );
    expect(await source.openPullRequest(service('checkout'))).toBeUndefined();
  });
});
