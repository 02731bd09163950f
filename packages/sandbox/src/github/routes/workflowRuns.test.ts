import { Octokit } from '@octokit/rest';
import { GitHubSimulator, startGitHubSimulator } from '../startGitHubSimulator';

// The simulator keeps real git repositories: slow to start on a loaded machine.
jest.setTimeout(30_000);

describe('GitHub simulator: workflow runs', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;
  const owner = 'acme';
  const repo = 'checkout';

  beforeAll(async () => {
    github = await startGitHubSimulator({ owners: [owner] });
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: github.token });
    await github.createRepository({
      owner,
      name: repo,
      files: {
        'README.md': '# checkout\n',
        '.github/workflows/ci.yaml': 'on: workflow_dispatch\njobs: {}\n',
      },
    });
  });
  afterAll(() => github.close());

  const dispatch = (ref: string) =>
    octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        owner,
        repo,
        workflow_id: 'ci.yaml',
        ref,
        return_run_details: true,
      } as never,
    );

  it('lists no runs before any dispatch', async () => {
    const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({
      owner,
      repo,
    });
    expect(data).toEqual({ total_count: 0, workflow_runs: [] });
  });

  it('lists a dispatched run, newest first, with the link the dispatch answered', async () => {
    const first = await dispatch('main');
    await octokit.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/feature',
      sha: (
        await octokit.rest.repos.getBranch({ owner, repo, branch: 'main' })
      ).data.commit.sha,
    });
    const second = await dispatch('refs/heads/feature');
    const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({
      owner,
      repo,
    });
    expect(data.total_count).toBe(2);
    const [newest, oldest] = data.workflow_runs;
    expect(newest).toMatchObject({
      id: (second.data as { workflow_run_id: number }).workflow_run_id,
      name: 'ci.yaml',
      head_branch: 'feature',
      head_sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      status: 'queued',
      conclusion: null,
      event: 'workflow_dispatch',
      run_number: 2,
      html_url: (second.data as { html_url: string }).html_url,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(oldest).toMatchObject({
      id: (first.data as { workflow_run_id: number }).workflow_run_id,
      head_branch: 'main',
      run_number: 1,
    });
  });

  it('filters by branch, event and status, and pages with per_page/page', async () => {
    const list = async (params: Record<string, unknown>) =>
      (
        await octokit.rest.actions.listWorkflowRunsForRepo({
          owner,
          repo,
          ...params,
        })
      ).data;
    expect((await list({ branch: 'main' })).workflow_runs).toHaveLength(1);
    expect((await list({ branch: 'nope' })).total_count).toBe(0);
    expect((await list({ event: 'workflow_dispatch' })).total_count).toBe(2);
    expect((await list({ event: 'push' })).total_count).toBe(0);
    expect((await list({ status: 'queued' })).total_count).toBe(2);
    expect((await list({ status: 'success' })).total_count).toBe(0);
    const page2 = await list({ per_page: 1, page: 2 });
    expect(page2.total_count).toBe(2);
    expect(page2.workflow_runs.map(r => r.run_number)).toEqual([1]);
  });

  it('refuses an unknown status filter and answers 404 for an unknown repository', async () => {
    await expect(
      octokit.rest.actions.listWorkflowRunsForRepo({
        owner,
        repo,
        status: 'bogus' as never,
      }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.rest.actions.listWorkflowRunsForRepo({ owner, repo: 'missing' }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
