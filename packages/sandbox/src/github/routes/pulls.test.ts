import { Octokit } from '@octokit/rest';
import { GitHubSimulator, startGitHubSimulator } from '../startGitHubSimulator';

// Each request runs several real git processes; CI shares two cores.
// Each test drives real git (push, merge) through the simulator: on a loaded
// 2-core CI machine one test took over 15 s.
jest.setTimeout(60_000);

describe('GitHub simulator: git data API, pull requests and merges', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;
  const owner = 'platform';
  const repo = 'gitops';

  beforeAll(async () => {
    github = await startGitHubSimulator({ users: ['alice'] });
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: github.token });
    await github.createRepository({
      owner,
      name: repo,
      files: {
        'apps/payments/values.yaml': 'replicas: 2\n',
        'README.md': '# gitops\n',
      },
    });
  });
  afterAll(() => github.close());

  /** Builds a commit on top of `base` through blobs, trees and commits, as octokit plugins do. */
  async function commitOnTop(
    base: string,
    files: Record<string, string | null>,
    message: string,
  ) {
    const baseCommit = await octokit.rest.git.getCommit({
      owner,
      repo,
      commit_sha: base,
    });
    const tree = [];
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        tree.push({ path, mode: '100644' as const, sha: null });
      } else {
        const blob = await octokit.rest.git.createBlob({
          owner,
          repo,
          content: Buffer.from(content).toString('base64'),
          encoding: 'base64',
        });
        tree.push({
          path,
          mode: '100644' as const,
          type: 'blob' as const,
          sha: blob.data.sha,
        });
      }
    }
    const newTree = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: baseCommit.data.tree.sha,
      tree,
    });
    const commit = await octokit.rest.git.createCommit({
      owner,
      repo,
      message,
      tree: newTree.data.sha,
      parents: [base],
      author: { name: 'Dev', email: 'dev@example.com' },
    });
    return commit.data;
  }

  it('builds commits from blobs and trees with base_tree, keeping untouched paths', async () => {
    const main = await octokit.rest.git.getRef({
      owner,
      repo,
      ref: 'heads/main',
    });
    const commit = await commitOnTop(
      main.data.object.sha,
      { 'apps/orders/values.yaml': 'replicas: 3\n', 'README.md': null },
      'add orders',
    );
    expect(commit.author).toMatchObject({
      name: 'Dev',
      email: 'dev@example.com',
    });
    const tree = await octokit.rest.git.getTree({
      owner,
      repo,
      tree_sha: commit.tree.sha,
      recursive: 'true',
    });
    expect(
      tree.data.tree
        .filter(e => e.type === 'blob')
        .map(e => e.path)
        .sort(),
    ).toEqual(['apps/orders/values.yaml', 'apps/payments/values.yaml']);
    await expect(
      octokit.rest.git.createTree({
        owner,
        repo,
        tree: [{ path: 'x', mode: '100644', sha: 'f'.repeat(40) }],
      }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('creates, fast-forwards, refuses non-fast-forward and deletes refs', async () => {
    const main = (
      await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' })
    ).data.object.sha;
    const c1 = await commitOnTop(main, { 'a.txt': '1' }, 'c1');
    await octokit.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/feature/a',
      sha: c1.sha,
    });
    await expect(
      octokit.rest.git.createRef({
        owner,
        repo,
        ref: 'refs/heads/feature/a',
        sha: c1.sha,
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Reference already exists' } },
    });
    const c2 = await commitOnTop(c1.sha, { 'a.txt': '2' }, 'c2');
    await octokit.rest.git.updateRef({
      owner,
      repo,
      ref: 'heads/feature/a',
      sha: c2.sha,
    });
    const sibling = await commitOnTop(main, { 'b.txt': 'x' }, 'sibling');
    await expect(
      octokit.rest.git.updateRef({
        owner,
        repo,
        ref: 'heads/feature/a',
        sha: sibling.sha,
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Update is not a fast forward' } },
    });
    await octokit.rest.git.updateRef({
      owner,
      repo,
      ref: 'heads/feature/a',
      sha: sibling.sha,
      force: true,
    });
    expect(
      (await octokit.rest.git.getRef({ owner, repo, ref: 'heads/feature/a' }))
        .data.object.sha,
    ).toBe(sibling.sha);
    await octokit.rest.git.deleteRef({ owner, repo, ref: 'heads/feature/a' });
    await expect(
      octokit.rest.git.getRef({ owner, repo, ref: 'heads/feature/a' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('opens a pull request, rejects duplicates and empty ones, and merges with a real merge commit', async () => {
    const main = (
      await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' })
    ).data.object.sha;
    const change = await commitOnTop(
      main,
      { 'apps/payments/values.yaml': 'replicas: 4\n' },
      'scale payments',
    );
    await octokit.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/scale-payments',
      sha: change.sha,
    });
    await octokit.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/same-as-main',
      sha: main,
    });
    await expect(
      octokit.rest.pulls.create({
        owner,
        repo,
        title: 'nothing',
        head: 'same-as-main',
        base: 'main',
      }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          errors: [{ message: 'No commits between main and same-as-main' }],
        },
      },
    });
    await expect(
      octokit.rest.pulls.create({
        owner,
        repo,
        title: 'x',
        head: 'missing',
        base: 'main',
      }),
    ).rejects.toMatchObject({ status: 422 });

    const pr = await octokit.rest.pulls.create({
      owner,
      repo,
      title: 'Scale payments',
      head: `${owner}:scale-payments`,
      base: 'main',
      body: 'to 4',
    });
    expect(pr.data).toMatchObject({
      number: 1,
      state: 'open',
      head: { ref: 'scale-payments', sha: change.sha },
      base: { ref: 'main' },
    });
    await expect(
      octokit.rest.pulls.create({
        owner,
        repo,
        title: 'again',
        head: 'scale-payments',
        base: 'main',
      }),
    ).rejects.toMatchObject({ status: 422 });
    const open = await octokit.rest.pulls.list({
      owner,
      repo,
      head: `${owner}:scale-payments`,
    });
    expect(open.data.map(p => p.number)).toEqual([1]);
    expect(
      (await octokit.rest.pulls.get({ owner, repo, pull_number: 1 })).data
        .mergeable,
    ).toBe(true);

    await octokit.rest.pulls.requestReviewers({
      owner,
      repo,
      pull_number: 1,
      reviewers: ['alice'],
      team_reviewers: ['developers'],
    });
    await expect(
      octokit.rest.pulls.requestReviewers({
        owner,
        repo,
        pull_number: 1,
        reviewers: ['ghost'],
      }),
    ).rejects.toMatchObject({ status: 422 });

    await expect(
      octokit.rest.pulls.merge({ owner, repo, pull_number: 1, sha: main }),
    ).rejects.toMatchObject({ status: 409 });
    const merged = await octokit.rest.pulls.merge({
      owner,
      repo,
      pull_number: 1,
    });
    expect(merged.data.merged).toBe(true);
    const mergeCommit = await octokit.rest.git.getCommit({
      owner,
      repo,
      commit_sha: merged.data.sha,
    });
    expect(mergeCommit.data.parents.map(p => p.sha)).toEqual([
      main,
      change.sha,
    ]);
    const values = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: 'apps/payments/values.yaml',
    });
    expect(Buffer.from((values.data as any).content, 'base64').toString()).toBe(
      'replicas: 4\n',
    );
    const after = await octokit.rest.pulls.get({ owner, repo, pull_number: 1 });
    expect(after.data).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: merged.data.sha,
    });
    await expect(
      octokit.rest.pulls.merge({ owner, repo, pull_number: 1 }),
    ).rejects.toMatchObject({ status: 405 });
    expect(
      (await octokit.rest.pulls.checkIfMerged({ owner, repo, pull_number: 1 }))
        .status,
    ).toBe(204);
  });

  it('squash-merges into one commit and refuses conflicting pull requests', async () => {
    const main = (
      await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' })
    ).data.object.sha;
    const a = await commitOnTop(
      main,
      { 'apps/payments/values.yaml': 'replicas: 5\n' },
      'five',
    );
    const b = await commitOnTop(
      main,
      { 'apps/payments/values.yaml': 'replicas: 6\n' },
      'six',
    );
    await octokit.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/five',
      sha: a.sha,
    });
    await octokit.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/six',
      sha: b.sha,
    });
    const prA = await octokit.rest.pulls.create({
      owner,
      repo,
      title: 'Five',
      head: 'five',
      base: 'main',
    });
    const prB = await octokit.rest.pulls.create({
      owner,
      repo,
      title: 'Six',
      head: 'six',
      base: 'main',
    });
    const squashed = await octokit.rest.pulls.merge({
      owner,
      repo,
      pull_number: prA.data.number,
      merge_method: 'squash',
    });
    const commit = await octokit.rest.git.getCommit({
      owner,
      repo,
      commit_sha: squashed.data.sha,
    });
    expect(commit.data.parents.map(p => p.sha)).toEqual([main]);
    expect(commit.data.message).toMatch(/^Five \(#\d+\)/);
    expect(
      (
        await octokit.rest.pulls.get({
          owner,
          repo,
          pull_number: prB.data.number,
        })
      ).data.mergeable,
    ).toBe(false);
    await expect(
      octokit.rest.pulls.merge({ owner, repo, pull_number: prB.data.number }),
    ).rejects.toMatchObject({
      status: 405,
      response: { data: { message: 'Pull Request is not mergeable' } },
    });
  });
});
