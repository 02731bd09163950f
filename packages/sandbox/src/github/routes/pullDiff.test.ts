import { GitHubSimulator, startGitHubSimulator } from '../startGitHubSimulator';

// Real git processes behind every request; CI shares two cores.
jest.setTimeout(60_000);

describe('GitHub simulator: a pull request as a diff', () => {
  let github: GitHubSimulator;

  beforeAll(async () => {
    github = await startGitHubSimulator({
      repositories: [
        {
          owner: 'acme',
          name: 'orders',
          files: { 'a.txt': 'one\ntwo\n', 'gone.txt': 'bye\n' },
        },
      ],
    });
  });
  afterAll(() => github.close());

  async function api(path: string, init: RequestInit = {}) {
    return fetch(`${github.apiBaseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `token ${github.token}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });
  }

  it('answers Accept: application/vnd.github.diff with the diff from the merge base, full blob ids, and JSON otherwise', async () => {
    // A branch with one change and one deletion, then main moves on.
    const main = await (
      await api('/repos/acme/orders/git/ref/heads/main')
    ).json();
    await api('/repos/acme/orders/git/refs', {
      method: 'POST',
      body: JSON.stringify({ ref: 'refs/heads/change', sha: main.object.sha }),
    });
    await github.pushCommit('acme', 'orders', {
      branch: 'change',
      files: { 'a.txt': 'one\nTWO\n', 'gone.txt': null },
    });
    await github.pushCommit('acme', 'orders', {
      files: { 'later.txt': 'on main only\n' },
    });
    const pull = await (
      await api('/repos/acme/orders/pulls', {
        method: 'POST',
        body: JSON.stringify({ title: 't', head: 'change', base: 'main' }),
      })
    ).json();

    const res = await api(`/repos/acme/orders/pulls/${pull.number}`, {
      headers: { accept: 'application/vnd.github.diff' },
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const diff = await res.text();
    expect(diff).toMatch(
      /^diff --git a\/a\.txt b\/a\.txt\nindex [0-9a-f]{40}\.\.[0-9a-f]{40} 100644\n/,
    );
    expect(diff).toContain('-two\n+TWO\n');
    expect(diff).toContain('deleted file mode 100644');
    // Only the pull request's changes, not what main gained since.
    expect(diff).not.toContain('later.txt');
    expect(diff.endsWith('\n')).toBe(true);

    const json = await (
      await api(`/repos/acme/orders/pulls/${pull.number}`)
    ).json();
    expect(json.number).toBe(pull.number);
  });
});
