import { Octokit } from '@octokit/rest';
import { startGitHubSimulator, GitHubSimulator } from '../startGitHubSimulator';

/** A browser's GET: no token, HTML back. */
async function browse(url: string) {
  const res = await fetch(url, { redirect: 'manual' });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text: await res.text(),
  };
}

describe('GitHub simulator web pages', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;

  beforeAll(async () => {
    github = await startGitHubSimulator({
      repositories: [
        {
          owner: 'acme',
          name: 'orders',
          files: {
            'README.md': '# Orders <script>\n',
            '.github/workflows/release.yaml': 'on: workflow_dispatch\n',
            'docs/runbook.md': '# Runbook\n',
          },
        },
      ],
    });
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: github.token });
  });

  afterAll(() => github.close());

  it("answers the repository's html_url with its files and open pull requests", async () => {
    const main = await octokit.rest.git.getRef({
      owner: 'acme',
      repo: 'orders',
      ref: 'heads/main',
    });
    await octokit.rest.git.createRef({
      owner: 'acme',
      repo: 'orders',
      ref: 'refs/heads/register',
      sha: main.data.object.sha,
    });
    await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'orders',
      path: 'catalog-info.yaml',
      message: 'register',
      branch: 'register',
      content: Buffer.from('kind: Component\n').toString('base64'),
    });
    const pull = await octokit.rest.pulls.create({
      owner: 'acme',
      repo: 'orders',
      title: 'Register <orders>',
      head: 'register',
      base: 'main',
      body: 'Adds the catalog entry.',
    });
    const repo = await octokit.rest.repos.get({
      owner: 'acme',
      repo: 'orders',
    });

    const repoPage = await browse(repo.data.html_url);
    expect(repoPage.status).toBe(200);
    expect(repoPage.type).toMatch(/^text\/html/);
    expect(repoPage.text).toContain('<h1>acme/orders</h1>');
    expect(repoPage.text).toContain('README.md');
    expect(repoPage.text).toContain(
      `href="/acme/orders/pull/${pull.data.number}"`,
    );

    const pullPage = await browse(pull.data.html_url);
    expect(pullPage.status).toBe(200);
    // Titles are escaped: what a user wrote never becomes markup.
    expect(pullPage.text).toContain('Register &lt;orders&gt;');
    expect(pullPage.text).toContain('<strong>open</strong>');
    expect(pullPage.text).toContain('<code>register</code>');
    expect(pullPage.text).toContain('Adds the catalog entry.');
  });

  it('answers a dispatched run, a file and a folder, and 404s for what the API does not know', async () => {
    const dispatched = await octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        owner: 'acme',
        repo: 'orders',
        workflow_id: 'release.yaml',
        ref: 'main',
        return_run_details: true,
      } as never,
    );
    const runUrl = (dispatched.data as unknown as { html_url: string })
      .html_url;
    const run = await browse(runUrl);
    expect(run.status).toBe(200);
    expect(run.text).toContain('<code>release.yaml</code>');
    expect(run.text).toContain('runs no workflows');

    const file = await browse(
      `${github.url}/acme/orders/blob/main/docs/runbook.md`,
    );
    expect(file.status).toBe(200);
    expect(file.text).toContain('# Runbook');
    const readme = await browse(
      `${github.url}/acme/orders/blob/main/README.md`,
    );
    expect(readme.text).toContain('# Orders &lt;script&gt;');
    const folder = await browse(`${github.url}/acme/orders/tree/main/docs`);
    expect(folder.status).toBe(200);
    expect(folder.text).toContain('<li>runbook.md</li>');

    for (const missing of [
      `${github.url}/acme/unknown`,
      `${github.url}/acme/orders/pull/999`,
      `${github.url}/acme/orders/actions/runs/424242`,
      `${github.url}/acme/orders/blob/main/nothing.md`,
    ]) {
      const page = await browse(missing);
      expect({ missing, status: page.status }).toEqual({
        missing,
        status: 404,
      });
      expect(page.type).toMatch(/^text\/html/);
    }
    // The API still needs its token.
    expect((await fetch(`${github.apiBaseUrl}/repos/acme/orders`)).status).toBe(
      401,
    );
  });
});
