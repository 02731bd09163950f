import { Octokit } from '@octokit/rest';
import { GitHubSimulator, startGitHubSimulator } from '../startGitHubSimulator';

// Each request runs several real git processes; CI shares two cores.
jest.setTimeout(15_000);

describe('GitHub simulator: compare two commits', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;
  const owner = 'platform';
  const repo = 'gitops';

  beforeAll(async () => {
    github = await startGitHubSimulator();
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: github.token });
    await github.createRepository({
      owner,
      name: repo,
      files: { 'README.md': '# gitops\n' },
    });
  });
  afterAll(() => github.close());

  async function commit(parent: string, path: string, message: string) {
    const base = await octokit.rest.git.getCommit({
      owner,
      repo,
      commit_sha: parent,
    });
    const tree = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: base.data.tree.sha,
      tree: [{ path, mode: '100644', type: 'blob', content: message }],
    });
    const created = await octokit.rest.git.createCommit({
      owner,
      repo,
      message,
      tree: tree.data.sha,
      parents: [parent],
      author: { name: 'Someone', email: 'someone@example.com' },
    });
    return created.data.sha;
  }

  it('answers ahead, behind, diverged and identical with the commits HEAD adds', async () => {
    const main = (
      await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' })
    ).data.object.sha;
    const one = await commit(main, 'a.txt', 'one');
    const two = await commit(one, 'b.txt', 'two');
    await octokit.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/work',
      sha: two,
    });
    const ahead = (
      await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: 'main...work',
      })
    ).data;
    expect(ahead).toMatchObject({
      status: 'ahead',
      ahead_by: 2,
      behind_by: 0,
      total_commits: 2,
      merge_base_commit: { sha: main },
    });
    expect(ahead.commits.map(c => c.sha)).toEqual([one, two]);
    expect(ahead.commits[0].commit.author?.email).toBe('someone@example.com');
    expect(ahead.files?.map(f => f.filename).sort()).toEqual([
      'a.txt',
      'b.txt',
    ]);

    const behind = (
      await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `work...${main}`,
      })
    ).data;
    expect(behind).toMatchObject({
      status: 'behind',
      ahead_by: 0,
      behind_by: 2,
    });

    const side = await commit(main, 'c.txt', 'side');
    const diverged = (
      await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${side}...work`,
      })
    ).data;
    expect(diverged).toMatchObject({
      status: 'diverged',
      ahead_by: 2,
      behind_by: 1,
    });

    const same = (
      await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: 'work...work',
      })
    ).data;
    expect(same).toMatchObject({ status: 'identical', ahead_by: 0 });
  });

  it('answers 404 for an unknown ref', async () => {
    await expect(
      octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: 'main...nope',
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
