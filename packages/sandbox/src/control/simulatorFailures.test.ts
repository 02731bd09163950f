import { GitHubSimulator, startGitHubSimulator } from '../github';
import { ControlServer, startControlServer } from './server';

/*
 * The control server sets a simulator's failures for tests in another
 * process (the portal's end-to-end tests): the GitHub simulator here, the
 * Argo CD, Vault and ECR ones take the same route with their own rules.
 */
describe('control server: simulator failures', () => {
  let github: GitHubSimulator;
  let control: ControlServer;

  beforeAll(async () => {
    github = await startGitHubSimulator();
    await github.createRepository({
      owner: 'platform',
      name: 'gitops',
      files: { 'README.md': '# GitOps\n' },
    });
    await github.createRepository({
      owner: 'acme',
      name: 'orders',
      files: { 'README.md': '# Orders\n' },
    });
    control = await startControlServer({
      clusters: {},
      simulators: { github },
      status: () => ({}),
    });
  });
  afterAll(async () => {
    await control?.close();
    await github?.close();
  });

  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${control.url}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const repo = (name: string) =>
    fetch(`${github.apiBaseUrl}/repos/${name}`, {
      headers: { Authorization: 'token sandbox-github-token' },
    });

  it('makes the next matching GitHub requests fail, and only those, until cleared', async () => {
    const added = await send('POST', '/sandbox/github/failures', {
      method: 'GET',
      pathPattern: '/repos/platform/gitops',
      status: 503,
      times: 5,
    });
    expect(added.status).toBe(200);

    const failed = await repo('platform/gitops');
    expect(failed.status).toBe(503);
    expect((await failed.json()).message).toBe('Simulated failure');
    // Another repository answers as usual.
    expect((await repo('acme/orders')).status).toBe(200);
    expect((await repo('platform/gitops')).status).toBe(503);

    const cleared = await send('DELETE', '/sandbox/github/failures');
    expect(await cleared.json()).toEqual({ simulator: 'github', cleared: true });
    expect((await repo('platform/gitops')).status).toBe(200);
  });

  it('refuses a bad rule whole, saying what to fix, and adds nothing', async () => {
    for (const [body, message] of [
      [{ status: 503, path: '/x' }, /unknown field 'path' for github/],
      [{ status: '503' }, /status must be an integer/],
      [{ status: 503, times: 0 }, /times must be at least 1/],
      [{ status: 200 }, /status must be 400-599/],
      [[{ status: 503 }], /the body must be a JSON object/],
    ] as const) {
      const refused = await send('POST', '/sandbox/github/failures', body);
      expect(refused.status).toBe(400);
      expect((await refused.json()).message).toMatch(message);
    }
    const notJson = await fetch(`${control.url}/sandbox/github/failures`, {
      method: 'POST',
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect((await repo('platform/gitops')).status).toBe(200);
  });

  it('answers simulators it does not control and other methods clearly', async () => {
    const unknown = await send('POST', '/sandbox/vault/failures', {
      status: 503,
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toBe(
      "no simulator 'vault' in this sandbox; known: github",
    );
    const get = await send('GET', '/sandbox/github/failures');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, DELETE');
  });
});
