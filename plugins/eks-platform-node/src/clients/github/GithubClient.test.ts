import { ConfigReader } from '@backstage/config';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { testCallPolicy } from '../../__testUtils__/callPolicy';
import { sandboxGithubClient } from '../../__testUtils__/sandboxClients';
import { GithubClient } from './GithubClient';
import { githubAccess } from './githubAccess';

describe('GithubClient', () => {
  let github: GitHubSimulator;
  beforeAll(async () => {
    github = await startGitHubSimulator({ owners: ['acme'] });
    await github.createRepository({
      owner: 'acme',
      name: 'cart',
      files: { 'README.md': '# cart\n' },
    });
  });
  afterAll(() => github.close());
  afterEach(() => github.clearFailures());

  const client = (repo = 'cart') => sandboxGithubClient(github, 'acme', repo);

  it('reads through the integration’s token', async () => {
    const { gh } = await client();
    const repo = await gh.must('read repository', o =>
      o.rest.repos.get({ owner: 'acme', repo: 'cart' }),
    );
    expect(repo.full_name).toBe('acme/cart');
  });

  it('returns accepted statuses as undefined', async () => {
    const { gh } = await client('missing');
    expect(
      await gh.call(
        'read repository',
        o => o.rest.repos.get({ owner: 'acme', repo: 'missing' }),
        { accept: [404] },
      ),
    ).toBeUndefined();
  });

  it('retries a secondary rate limit (403 with Retry-After)', async () => {
    github.setFailure({
      method: 'GET',
      pathPattern: '/repos/acme/cart',
      status: 403,
      retryAfterSeconds: 2,
    });
    const { gh, delays } = await client();
    await gh.must('read repository', o =>
      o.rest.repos.get({ owner: 'acme', repo: 'cart' }),
    );
    expect(delays).toEqual([2000]);
  });

  it('names the operation and repository, and never the token', async () => {
    github.setFailure({
      method: 'GET',
      pathPattern: '/repos/acme/cart',
      status: 404,
    });
    const { gh } = await client();
    const error = await gh
      .must('read repository', o =>
        o.rest.repos.get({ owner: 'acme', repo: 'cart' }),
      )
      .catch(e => e);
    expect(error.message).toMatch(
      /^GitHub failed to read repository in acme\/cart \(HTTP 404\)/,
    );
    expect(error.message).not.toContain(github.token);
  });

  it('refuses a host without an integration before any call', async () => {
    const { integrations, credentialsProvider } = githubAccess(
      new ConfigReader({}),
    );
    await expect(
      GithubClient.create({
        integrations,
        credentialsProvider,
        ref: { host: 'ghe.example.com', owner: 'a', repo: 'b' },
        policy: testCallPolicy().policy,
      }),
    ).rejects.toThrow(
      'No GitHub integration is configured for host "ghe.example.com"',
    );
  });
});
