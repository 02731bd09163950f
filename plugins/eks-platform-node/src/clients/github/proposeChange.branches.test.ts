import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { ConflictError } from '@backstage/errors';
import { sandboxGithubClient } from '../../__testUtils__/sandboxClients';
import { GithubClient } from './GithubClient';
import { ChangeAuthorship } from './changeAuthorship';
import { PullRequestChange, proposeChange } from './proposeChange';
import { readRepositoryFile } from './readRepositoryFile';

/*
 * The change branch against the sandbox GitHub (real git): replaced only
 * when it holds this change's own single commit; anybody else's commits
 * stop the change with a ConflictError before any write.
 */

// Every request runs real git processes; CI shares two cores.
jest.setTimeout(30_000);

const identity = { name: 'EKS Platform (Backstage)', email: 'eks@example.com' };
const authorshipFor = (owner: string): ChangeAuthorship => ({
  identity,
  trailers: {
    'Eks-Platform-Action': 'eks:argocd:register',
    'Eks-Platform-Entity-Ref': 'component:default/cart',
    'Eks-Platform-Owner-Ref': owner,
  },
  description: `eks:argocd:register for component:default/cart (owner ${owner})`,
});

function change(
  content: string,
  authorship = authorshipFor('group:default/team-a'),
): PullRequestChange {
  return {
    branch: 'backstage/eks-platform/cart',
    baseBranch: 'main',
    title: 'Register cart',
    body: 'cart',
    commitMessage: 'Register cart',
    files: { 'apps/cart/dev/values.yaml': content },
    authorship,
  };
}

describe('proposeChange: the change branch', () => {
  let github: GitHubSimulator;
  let gh: GithubClient;
  let repo = 0;

  beforeAll(async () => {
    github = await startGitHubSimulator({ owners: ['platform'] });
  });
  afterAll(() => github.close());
  beforeEach(async () => {
    repo += 1;
    await github.createRepository({
      owner: 'platform',
      name: `gitops${repo}`,
      files: { 'README.md': '# gitops\n' },
    });
    gh = (await sandboxGithubClient(github, 'platform', `gitops${repo}`)).gh;
  });

  const writes = () =>
    [...github.requestCounts.entries()]
      .filter(
        ([k]) =>
          /^(POST|PATCH|PUT|DELETE) /.test(k) && k.includes(`gitops${repo}/`),
      )
      .reduce((n, [, v]) => n + v, 0);

  /** Commits on top of a ref as someone else would (another author, no trailers). */
  async function foreignCommit(parentRef: string, message: string) {
    const { owner, repo: name } = gh.ref;
    const parent = await gh.must('ref', o =>
      o.rest.git.getRef({ owner, repo: name, ref: `heads/${parentRef}` }),
    );
    const base = await gh.must('commit', o =>
      o.rest.git.getCommit({
        owner,
        repo: name,
        commit_sha: parent.object.sha,
      }),
    );
    const tree = await gh.must('tree', o =>
      o.rest.git.createTree({
        owner,
        repo: name,
        base_tree: base.tree.sha,
        tree: [
          { path: 'notes.md', mode: '100644', type: 'blob', content: message },
        ],
      }),
    );
    const commit = await gh.must('commit', o =>
      o.rest.git.createCommit({
        owner,
        repo: name,
        message,
        tree: tree.sha,
        parents: [parent.object.sha],
        author: { name: 'Alice', email: 'alice@example.com' },
      }),
    );
    return commit.sha;
  }

  it('writes one commit with its identity and trailers, and replaces only that commit', async () => {
    expect((await proposeChange(gh, change('tag: one\n'))).status).toBe(
      'created',
    );
    const { owner, repo: name } = gh.ref;
    const head = await gh.must('ref', o =>
      o.rest.git.getRef({
        owner,
        repo: name,
        ref: 'heads/backstage/eks-platform/cart',
      }),
    );
    const commit = await gh.must('commit', o =>
      o.rest.git.getCommit({ owner, repo: name, commit_sha: head.object.sha }),
    );
    expect(commit.author).toMatchObject(identity);
    expect(commit.committer).toMatchObject(identity);
    expect(commit.message).toBe(
      'Register cart\n\nEks-Platform-Action: eks:argocd:register\nEks-Platform-Entity-Ref: component:default/cart\nEks-Platform-Owner-Ref: group:default/team-a',
    );

    const updated = await proposeChange(gh, change('tag: two\n'));
    expect(updated.status).toBe('updated');
    expect(
      await readRepositoryFile(
        gh,
        'apps/cart/dev/values.yaml',
        'backstage/eks-platform/cart',
      ),
    ).toBe('tag: two\n');
    // Still one commit on main, one pull request.
    const comparison = await gh.must('compare', o =>
      o.rest.repos.compareCommitsWithBasehead({
        owner,
        repo: name,
        basehead: 'main...backstage/eks-platform/cart',
      }),
    );
    expect(comparison.ahead_by).toBe(1);
    expect(updated.pullRequestNumber).toBeDefined();
  });

  it('replaces its own commit after the base branch moved on', async () => {
    await proposeChange(gh, change('tag: one\n'));
    const { owner, repo: name } = gh.ref;
    const moved = await foreignCommit('main', 'someone else merged');
    await gh.must('move main', o =>
      o.rest.git.updateRef({
        owner,
        repo: name,
        ref: 'heads/main',
        sha: moved,
      }),
    );
    const result = await proposeChange(gh, change('tag: two\n'));
    expect(result.status).toBe('updated');
    const comparison = await gh.must('compare', o =>
      o.rest.repos.compareCommitsWithBasehead({
        owner,
        repo: name,
        basehead: 'main...backstage/eks-platform/cart',
      }),
    );
    expect(comparison).toMatchObject({ ahead_by: 1, behind_by: 0 });
  });

  it('stops with a ConflictError, writing nothing, when someone else committed on the branch', async () => {
    await proposeChange(gh, change('tag: one\n'));
    const { owner, repo: name } = gh.ref;
    const extra = await foreignCommit(
      'backstage/eks-platform/cart',
      'hand-made fix',
    );
    await gh.must('push', o =>
      o.rest.git.updateRef({
        owner,
        repo: name,
        ref: 'heads/backstage/eks-platform/cart',
        sha: extra,
      }),
    );
    const before = writes();
    const error = await proposeChange(gh, change('tag: two\n')).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(
      'has 2 commits that main lacks and that eks:argocd:register for component:default/cart (owner group:default/team-a) did not write as one commit of its own',
    );
    expect(error.message).toContain(
      'by Alice <alice@example.com>: "hand-made fix"',
    );
    expect(error.message).toContain('delete the branch');
    expect(writes()).toBe(before);
    const head = await gh.must('ref', o =>
      o.rest.git.getRef({
        owner,
        repo: name,
        ref: 'heads/backstage/eks-platform/cart',
      }),
    );
    expect(head.object.sha).toBe(extra);
  });

  it('stops when the branch exists with a commit it did not write (another author)', async () => {
    const { owner, repo: name } = gh.ref;
    const sha = await foreignCommit('main', 'my own branch');
    await gh.must('branch', o =>
      o.rest.git.createRef({
        owner,
        repo: name,
        ref: 'refs/heads/backstage/eks-platform/cart',
        sha,
      }),
    );
    const before = writes();
    await expect(proposeChange(gh, change('tag: one\n'))).rejects.toThrow(
      ConflictError,
    );
    expect(writes()).toBe(before);
  });

  it("stops when the branch holds the same action's commit for another owner", async () => {
    await proposeChange(gh, change('tag: one\n'));
    const before = writes();
    const error = await proposeChange(
      gh,
      change('tag: evil\n', authorshipFor('group:default/team-b')),
    ).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(
      '(owner group:default/team-b) did not write',
    );
    expect(writes()).toBe(before);
  });

  it('reuses a branch whose commits are all on base (merged without deleting the branch)', async () => {
    const first = await proposeChange(gh, change('tag: one\n'));
    const { owner, repo: name } = gh.ref;
    await gh.must('merge', o =>
      o.rest.pulls.merge({
        owner,
        repo: name,
        pull_number: first.pullRequestNumber!,
        merge_method: 'merge',
      }),
    );
    expect((await proposeChange(gh, change('tag: one\n'))).status).toBe(
      'up-to-date',
    );
    const next = await proposeChange(gh, change('tag: two\n'));
    expect(next.status).toBe('updated');
    expect(next.pullRequestNumber).not.toBe(first.pullRequestNumber);
  });
});
