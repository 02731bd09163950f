import type { GitIdentity } from '../git/BareRepository';
import { GitHubApiError } from '../api/errors';
import { enforcedRules } from './protectionRules';
import { StoredRepo, timestamp } from './store';

export interface FileChange {
  path: string;
  /** New content; null deletes the file. */
  content: Buffer | null;
  mode?: string;
}

export const SIMULATOR_IDENTITY: GitIdentity = {
  name: 'GitHub',
  email: 'noreply@github.com',
};

/**
 * Commits file changes on top of a branch (creating the branch when the
 * repository is empty), the way the contents API and GraphQL's
 * createCommitOnBranch do. The ref moves with compare-and-swap so a
 * concurrent push makes this fail instead of being overwritten.
 */
export async function commitFiles(
  repo: StoredRepo,
  input: {
    branch: string;
    message: string;
    changes: FileChange[];
    author?: GitIdentity;
    committer?: GitIdentity;
  },
): Promise<{ commit: string; tree: string; parent?: string }> {
  if (enforcedRules(repo, input.branch)?.requirePullRequest) {
    throw new GitHubApiError(
      409,
      `Protected branch update failed for refs/heads/${input.branch}: changes must be made through a pull request.`,
    );
  }
  const ref = `refs/heads/${input.branch}`;
  const parent = await repo.git.readRef(ref);
  const treeChanges = [];
  for (const change of input.changes) {
    treeChanges.push({
      path: change.path,
      mode: change.mode ?? '100644',
      sha:
        change.content === null
          ? null
          : await repo.git.writeBlob(change.content),
    });
  }
  const tree = await repo.git.buildTree(
    parent ? `${parent}^{tree}` : undefined,
    treeChanges,
  );
  const author = input.author ?? input.committer ?? SIMULATOR_IDENTITY;
  const commit = await repo.git.commitTree({
    tree,
    parents: parent ? [parent] : [],
    message: input.message,
    author,
    committer: input.committer ?? author,
  });
  const wasEmpty = await repo.git.isEmpty();
  await repo.git.updateRef(ref, commit, parent ?? '');
  if (wasEmpty && input.branch !== repo.defaultBranch) {
    // GitHub makes the first branch of an empty repository its default.
    repo.defaultBranch = input.branch;
    await repo.git.setHead(input.branch);
  }
  repo.pushed_at = timestamp();
  return { commit, tree, parent };
}
