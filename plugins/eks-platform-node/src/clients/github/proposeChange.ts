import { ConflictError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { GithubClient } from './GithubClient';
import {
  assertBranchIsOwn,
  BranchCommit,
  ChangeAuthorship,
  withTrailers,
} from './changeAuthorship';

export interface PullRequestChange {
  /**
   * Branch owned by this change: one commit on top of base, replaced (never
   * force-pushed over anybody else's commits, see `authorship`).
   */
  branch: string;
  baseBranch?: string;
  title: string;
  body: string;
  commitMessage: string;
  /** Repository-relative path -> UTF-8 content. */
  files: Record<string, string>;
  /** Paths of `files` written executable (mode 100755); the rest 100644. */
  executablePaths?: string[];
  /** Repository-relative paths the change deletes. */
  deletions?: string[];
  /** Who writes the branch: commit identity and trailers checked before any replacement. */
  authorship: ChangeAuthorship;
}

export interface PullRequestResult {
  /** `up-to-date`: the base branch already has these files; no PR needed. */
  status: 'up-to-date' | 'created' | 'updated' | 'unchanged';
  baseBranch: string;
  cloneUrl: string;
  htmlUrl: string;
  pullRequestUrl?: string;
  pullRequestNumber?: number;
}

/** The SHA git gives a blob, so files can be compared without downloading. */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

async function treeBlobShas(
  gh: GithubClient,
  treeSha: string,
  paths: string[],
): Promise<Map<string, string>> {
  const { owner, repo } = gh.ref;
  const tree = await gh.must('read tree', o =>
    o.rest.git.getTree({ owner, repo, tree_sha: treeSha, recursive: 'true' }),
  );
  const wanted = new Set(paths);
  return new Map(
    (tree.tree ?? [])
      .filter(e => e.type === 'blob' && e.path && wanted.has(e.path))
      .map(e => [e.path as string, e.sha as string]),
  );
}

function allMatch(
  files: Record<string, string>,
  shas: Map<string, string>,
  deletions: string[] = [],
): boolean {
  return (
    Object.entries(files).every(([p, c]) => shas.get(p) === gitBlobSha(c)) &&
    deletions.every(p => !shas.has(p))
  );
}

/** The commits on `branch` that `baseBranch` lacks (GitHub's compare API). */
async function commitsBeyondBase(
  gh: GithubClient,
  baseBranch: string,
  branch: string,
): Promise<BranchCommit[]> {
  const { owner, repo } = gh.ref;
  const comparison = await gh.call(
    `compare "${branch}" with "${baseBranch}"`,
    o =>
      o.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${baseBranch}...${branch}`,
      }),
    { accept: [404] },
  );
  if (!comparison) {
    throw new ConflictError(
      `Branch "${branch}" in ${owner}/${repo} shares no history with ${baseBranch}, so it is not a change this action wrote. Nothing was changed. Delete or rename that branch, then run the task again.`,
    );
  }
  const commits = comparison.commits as BranchCommit[];
  // GitHub lists at most 250: more than listed still means "not one commit".
  return comparison.ahead_by > commits.length
    ? [...commits, ...commits.slice(0, comparison.ahead_by - commits.length)]
    : commits;
}

/**
 * Proposes `files` to a repository as a pull request through the Git Data
 * API (blobs, tree, commit, ref, pull), idempotently:
 * - the base branch already has the files: nothing is written;
 * - the change branch already has them and a PR is open: it is reused;
 * - otherwise the branch is (re)pointed at one new commit on top of base and
 *   the open PR for that branch is reused or a new one opened.
 * An existing branch is replaced only when everything it adds to base is
 * this change's own single commit (`authorship`: identity and trailers);
 * anything else is a ConflictError before any write.
 * Running it twice, or after a crash between any two calls, leaves one branch
 * and one open pull request.
 */
export async function proposeChange(
  gh: GithubClient,
  change: PullRequestChange,
): Promise<PullRequestResult> {
  const { owner, repo } = gh.ref;
  const repository = await gh.must('read repository', o =>
    o.rest.repos.get({ owner, repo }),
  );
  const baseBranch = change.baseBranch ?? repository.default_branch;
  const deletions = change.deletions ?? [];
  const paths = [...Object.keys(change.files), ...deletions];
  const summary = {
    baseBranch,
    cloneUrl: repository.clone_url,
    htmlUrl: repository.html_url,
  };

  const baseRef = await gh.must(
    `read branch "${baseBranch}"`,
    o => o.rest.git.getRef({ owner, repo, ref: `heads/${baseBranch}` }),
    status =>
      status === 404
        ? `The GitOps repository has no branch "${baseBranch}"; set eksPlatform.gitops.baseBranch.`
        : undefined,
  );
  const baseCommit = await gh.must('read base commit', o =>
    o.rest.git.getCommit({ owner, repo, commit_sha: baseRef.object.sha }),
  );
  if (
    allMatch(
      change.files,
      await treeBlobShas(gh, baseCommit.tree.sha, paths),
      deletions,
    )
  ) {
    return { status: 'up-to-date', ...summary };
  }

  const openPull = async () => {
    const pulls = await gh.must('list pull requests', o =>
      o.rest.pulls.list({
        owner,
        repo,
        state: 'open',
        head: `${owner}:${change.branch}`,
        base: baseBranch,
      }),
    );
    return pulls.find(p => p.head?.ref === change.branch);
  };
  const assertOwn = async () =>
    assertBranchIsOwn({
      branch: change.branch,
      baseBranch,
      repository: `${owner}/${repo}`,
      commits: await commitsBeyondBase(gh, baseBranch, change.branch),
      authorship: change.authorship,
    });

  const branchRef = await gh.call(
    `read branch "${change.branch}"`,
    o => o.rest.git.getRef({ owner, repo, ref: `heads/${change.branch}` }),
    { accept: [404] },
  );
  let status: PullRequestResult['status'] = 'created';
  let branchUpToDate = false;
  if (branchRef) {
    // Before anything is written: is the branch this change's own?
    await assertOwn();
    const branchCommit = await gh.must('read branch commit', o =>
      o.rest.git.getCommit({ owner, repo, commit_sha: branchRef.object.sha }),
    );
    branchUpToDate = allMatch(
      change.files,
      await treeBlobShas(gh, branchCommit.tree.sha, paths),
      deletions,
    );
    status = branchUpToDate ? 'unchanged' : 'updated';
  }

  if (!branchUpToDate) {
    const executable = new Set(change.executablePaths ?? []);
    const tree: Array<{
      path: string;
      mode: '100644' | '100755';
      type: 'blob';
      sha: string | null;
    }> = [];
    for (const [path, content] of Object.entries(change.files)) {
      const blob = await gh.must(`upload ${path}`, o =>
        o.rest.git.createBlob({ owner, repo, content, encoding: 'utf-8' }),
      );
      tree.push({
        path,
        mode: executable.has(path) ? '100755' : '100644',
        type: 'blob' as const,
        sha: blob.sha,
      });
    }
    // GitHub's trees API deletes an entry given `sha: null`.
    for (const path of deletions) {
      tree.push({ path, mode: '100644', type: 'blob', sha: null });
    }
    const newTree = await gh.must('create tree', o =>
      o.rest.git.createTree({
        owner,
        repo,
        base_tree: baseCommit.tree.sha,
        tree,
      }),
    );
    const { identity } = change.authorship;
    const commit = await gh.must('create commit', o =>
      o.rest.git.createCommit({
        owner,
        repo,
        message: withTrailers(change.commitMessage, change.authorship.trailers),
        tree: newTree.sha,
        parents: [baseRef.object.sha],
        author: identity,
        committer: identity,
      }),
    );
    const repoint = () =>
      gh.must(`update branch "${change.branch}"`, o =>
        o.rest.git.updateRef({
          owner,
          repo,
          ref: `heads/${change.branch}`,
          sha: commit.sha,
          force: true,
        }),
      );
    if (branchRef) {
      // Checked above: the branch holds nothing but this change's own commit.
      await repoint();
    } else {
      const created = await gh.call(
        `create branch "${change.branch}"`,
        o =>
          o.rest.git.createRef({
            owner,
            repo,
            ref: `refs/heads/${change.branch}`,
            sha: commit.sha,
          }),
        { accept: [422] },
      );
      if (!created) {
        // Created in between (a concurrent or crashed attempt, or someone
        // else): replace it only if it is this change's own.
        await assertOwn();
        await repoint();
      }
    }
  }

  let pull = await openPull();
  if (!pull) {
    const created = await gh.call(
      'open pull request',
      o =>
        o.rest.pulls.create({
          owner,
          repo,
          head: change.branch,
          base: baseBranch,
          title: change.title,
          body: change.body,
        }),
      { accept: [422] },
    );
    // 422 means "a pull request already exists" after a race: find it.
    pull = (created as typeof pull) ?? (await openPull());
    if (!pull) {
      throw new Error(
        `GitHub refused to open a pull request for branch "${change.branch}" in ${owner}/${repo} and none is open; check the branch in GitHub.`,
      );
    }
    if (status === 'unchanged') status = 'updated';
  } else if (pull.title !== change.title || (pull.body ?? '') !== change.body) {
    // A re-run describes the change as it is now (e.g. its conflicts).
    const { number } = pull;
    await gh.must(`update pull request #${number}`, o =>
      o.rest.pulls.update({
        owner,
        repo,
        pull_number: number,
        title: change.title,
        body: change.body,
      }),
    );
    if (status === 'unchanged') status = 'updated';
  }
  return {
    status,
    ...summary,
    pullRequestUrl: pull.html_url,
    pullRequestNumber: pull.number,
  };
}
