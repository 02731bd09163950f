import { GitCommandError } from '../../shared/runGit';
import { GitHubApiError, invalidRequest } from '../api/errors';
import { SIMULATOR_IDENTITY } from '../model/commitFiles';
import { StoredPull, StoredRepo, timestamp } from '../model/store';

const NOT_ALLOWED: Record<string, keyof StoredRepo['settings']> = {
  merge: 'allow_merge_commit',
  squash: 'allow_squash_merge',
  rebase: 'allow_rebase_merge',
};

/**
 * Merges a pull request with real git objects: a merge commit (two
 * parents), a squash commit (one parent, same tree) or a rebase (the head
 * commits replayed onto the base). Moves the base branch with
 * compare-and-swap and returns the new base head.
 */
export async function mergePull(
  repo: StoredRepo,
  pull: StoredPull,
  options: {
    method: string;
    expectedHeadSha?: string;
    title?: string;
    message?: string;
  },
): Promise<string> {
  const setting = NOT_ALLOWED[options.method];
  if (!setting) {
    throw invalidRequest(
      `"merge_method" must be merge, squash or rebase; got "${options.method}".`,
    );
  }
  if (pull.state !== 'open')
    throw new GitHubApiError(405, 'Pull Request is not mergeable');
  if (pull.draft)
    throw new GitHubApiError(405, 'Pull Request is still a draft');
  if (!repo.settings[setting]) {
    const label = {
      merge: 'Merge commits',
      squash: 'Squash merges',
      rebase: 'Rebase merges',
    }[options.method];
    throw new GitHubApiError(
      405,
      `${label} are not allowed on this repository.`,
    );
  }
  const headSha = await repo.git.readRef(`refs/heads/${pull.head}`);
  const baseSha = await repo.git.readRef(`refs/heads/${pull.base}`);
  if (!headSha || !baseSha)
    throw new GitHubApiError(405, 'Pull Request is not mergeable');
  if (options.expectedHeadSha && options.expectedHeadSha !== headSha) {
    throw new GitHubApiError(
      409,
      'Head branch was modified. Review and try the merge again.',
    );
  }
  const merged = await repo.git.mergeTrees(baseSha, headSha);
  if (!merged.tree)
    throw new GitHubApiError(405, 'Pull Request is not mergeable');

  const headCommits = (
    await repo.git.log(headSha, { exclude: baseSha })
  ).reverse();
  let newHead: string;
  if (options.method === 'merge') {
    newHead = await repo.git.commitTree({
      tree: merged.tree,
      parents: [baseSha, headSha],
      message: `${
        options.title ??
        `Merge pull request #${pull.number} from ${pull.headOwner}/${pull.head}`
      }\n\n${options.message ?? pull.title}\n`,
      author: SIMULATOR_IDENTITY,
    });
  } else if (options.method === 'squash') {
    const messages = await Promise.all(
      headCommits.map(
        async sha => `* ${(await repo.git.readCommit(sha)).message.trim()}`,
      ),
    );
    const first = await repo.git.readCommit(headCommits[0] ?? headSha);
    newHead = await repo.git.commitTree({
      tree: merged.tree,
      parents: [baseSha],
      message: `${options.title ?? `${pull.title} (#${pull.number})`}\n\n${
        options.message ?? messages.join('\n\n')
      }\n`,
      author: { name: first.author.name, email: first.author.email },
      committer: SIMULATOR_IDENTITY,
    });
  } else {
    newHead = await rebase(repo, baseSha, headSha, headCommits);
  }

  try {
    await repo.git.updateRef(`refs/heads/${pull.base}`, newHead, baseSha);
  } catch (error) {
    if (error instanceof GitCommandError) {
      throw new GitHubApiError(
        409,
        'Base branch was modified. Review and try the merge again.',
      );
    }
    throw error;
  }
  const now = timestamp();
  Object.assign(pull, {
    state: 'closed',
    merged: true,
    merged_at: now,
    closed_at: now,
    updated_at: now,
    merge_commit_sha: newHead,
    headShaAtClose: headSha,
  });
  repo.pushed_at = now;
  if (repo.settings.delete_branch_on_merge) {
    await repo.git.deleteRef(`refs/heads/${pull.head}`);
  }
  return newHead;
}

/**
 * Replays the head commits onto the base with new committer data, as
 * GitHub's "Rebase and merge" does. Only linear histories whose base has
 * not moved since branching are rebased; others are refused like GitHub
 * refuses a rebase it cannot perform cleanly.
 */
async function rebase(
  repo: StoredRepo,
  baseSha: string,
  headSha: string,
  commits: string[],
) {
  if (!(await repo.git.isAncestor(baseSha, headSha))) {
    throw new GitHubApiError(405, "This branch can't be rebased");
  }
  let parent = baseSha;
  for (const sha of commits) {
    const commit = await repo.git.readCommit(sha);
    if (commit.parents.length > 1) {
      throw new GitHubApiError(405, "This branch can't be rebased");
    }
    parent = await repo.git.commitTree({
      tree: commit.tree,
      parents: [parent],
      message: commit.message,
      author: commit.author,
      committer: SIMULATOR_IDENTITY,
    });
  }
  return parent;
}
