import { Octokit } from '@octokit/rest';
import { GitHubSimulator, startGitHubSimulator } from '../startGitHubSimulator';

describe('GitHub simulator: accounts and repositories', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;

  beforeAll(async () => {
    github = await startGitHubSimulator({ users: ['alice'] });
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: github.token });
  });
  afterAll(() => github.close());

  it('exposes the URLs the GitHub integration config needs', () => {
    expect(github.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(github.apiBaseUrl).toBe(`${github.url}/api/v3`);
    expect(github.host).toBe(github.url.replace('http://', ''));
  });

  it('answers 401 Bad credentials for a wrong token and 401 without one', async () => {
    const bad = new Octokit({ baseUrl: github.apiBaseUrl, auth: 'wrong' });
    await expect(bad.rest.users.getAuthenticated()).rejects.toMatchObject({
      status: 401,
      response: { data: { message: 'Bad credentials' } },
    });
    const anonymous = await fetch(`${github.apiBaseUrl}/user`);
    expect(anonymous.status).toBe(401);
  });

  it('knows the token user, organisations and users', async () => {
    const me = await octokit.rest.users.getAuthenticated();
    expect(me.data).toMatchObject({ login: 'sandbox-bot', type: 'User' });
    expect(
      (await octokit.rest.users.getByUsername({ username: 'platform' })).data
        .type,
    ).toBe('Organization');
    expect((await octokit.rest.orgs.get({ org: 'acme' })).data.login).toBe(
      'acme',
    );
    await expect(
      octokit.rest.orgs.get({ org: 'nobody' }),
    ).rejects.toMatchObject({ status: 404 });
    expect(me.headers['x-ratelimit-limit']).toBe('5000');
  });

  it("creates an org repository and rejects a duplicate name with GitHub's 422", async () => {
    const created = await octokit.rest.repos.createInOrg({
      org: 'platform',
      name: 'payments',
      private: true,
      description: 'Payments API',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      full_name: 'platform/payments',
      private: true,
      visibility: 'private',
      default_branch: 'main',
      clone_url: `${github.url}/git/platform/payments.git`,
      html_url: `${github.url}/platform/payments`,
      description: 'Payments API',
    });
    const duplicate = await octokit.rest.repos
      .createInOrg({ org: 'platform', name: 'Payments' })
      .catch(e => e);
    expect(duplicate.status).toBe(422);
    expect(duplicate.response.data).toMatchObject({
      message: 'Repository creation failed.',
      errors: [
        {
          resource: 'Repository',
          code: 'custom',
          field: 'name',
          message: 'name already exists on this account',
        },
      ],
    });
    expect(duplicate.response.data.documentation_url).toEqual(
      expect.any(String),
    );
  });

  it('gets, updates, lists with Link pagination and deletes repositories', async () => {
    for (const name of ['svc-a', 'svc-b', 'svc-c']) {
      await octokit.rest.repos.createInOrg({ org: 'acme', name });
    }
    const page1 = await octokit.rest.repos.listForOrg({
      org: 'acme',
      per_page: 2,
    });
    expect(page1.data.map(r => r.name)).toEqual(['svc-a', 'svc-b']);
    expect(page1.headers.link).toContain('rel="next"');
    const all = await octokit.paginate('GET /orgs/{org}/repos', {
      org: 'acme',
      per_page: 2,
    });
    expect(all.map(r => r.name)).toEqual(['svc-a', 'svc-b', 'svc-c']);

    const updated = await octokit.rest.repos.update({
      owner: 'acme',
      repo: 'svc-a',
      description: 'changed',
      delete_branch_on_merge: true,
    });
    expect(updated.data).toMatchObject({
      description: 'changed',
      delete_branch_on_merge: true,
    });
    await octokit.rest.repos.delete({ owner: 'acme', repo: 'svc-c' });
    const gone = await octokit.rest.repos
      .get({ owner: 'acme', repo: 'svc-c' })
      .catch(e => e);
    expect(gone.status).toBe(404);
    expect(gone.response.data.message).toBe('Not Found');
  });

  it('creates user repositories with auto_init on the default branch', async () => {
    const repo = await octokit.rest.repos.createForAuthenticatedUser({
      name: 'scratch',
      auto_init: true,
    });
    expect(repo.data.owner.login).toBe('sandbox-bot');
    const readme = await octokit.rest.repos.getContent({
      owner: 'sandbox-bot',
      repo: 'scratch',
      path: 'README.md',
    });
    expect(Buffer.from((readme.data as any).content, 'base64').toString()).toBe(
      '# scratch\n',
    );
  });

  it('records collaborators, team access and validates topics', async () => {
    await octokit.rest.repos.createInOrg({
      org: 'platform',
      name: 'team-repo',
    });
    const invite = await octokit.rest.repos.addCollaborator({
      owner: 'platform',
      repo: 'team-repo',
      username: 'alice',
      permission: 'admin',
    });
    expect(invite.status).toBe(201);
    await expect(
      octokit.rest.repos.addCollaborator({
        owner: 'platform',
        repo: 'team-repo',
        username: 'ghost',
      }),
    ).rejects.toMatchObject({ status: 404 });
    await octokit.rest.teams.addOrUpdateRepoPermissionsInOrg({
      org: 'platform',
      team_slug: 'developers',
      owner: 'platform',
      repo: 'team-repo',
      permission: 'push',
    });
    await octokit.rest.repos.replaceAllTopics({
      owner: 'platform',
      repo: 'team-repo',
      names: ['backstage', 'eks'],
    });
    await expect(
      octokit.rest.repos.replaceAllTopics({
        owner: 'platform',
        repo: 'team-repo',
        names: ['Not Valid'],
      }),
    ).rejects.toMatchObject({ status: 422 });
    const snapshot = github
      .repos()
      .find(r => r.fullName === 'platform/team-repo')!;
    expect(snapshot).toMatchObject({
      collaborators: { alice: 'admin' },
      teams: { developers: 'push' },
      topics: ['backstage', 'eks'],
    });
  });

  it('injects failures with Retry-After for fault tests', async () => {
    github.setFailure({
      method: 'GET',
      pathPattern: '/repos/platform/',
      status: 503,
      times: 1,
    });
    await expect(
      octokit.rest.repos.get({ owner: 'platform', repo: 'payments' }),
    ).rejects.toMatchObject({ status: 503 });
    expect(
      (await octokit.rest.repos.get({ owner: 'platform', repo: 'payments' }))
        .status,
    ).toBe(200);
    github.setFailure({
      pathPattern: /\/user$/,
      status: 429,
      retryAfterSeconds: 7,
    });
    const limited = await fetch(`${github.apiBaseUrl}/user`, {
      headers: { authorization: `token ${github.token}` },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(
      github.requestCounts.get('GET /api/v3/repos/platform/payments'),
    ).toBeGreaterThanOrEqual(2);
  });
});
