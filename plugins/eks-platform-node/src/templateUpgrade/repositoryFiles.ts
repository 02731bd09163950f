import { NotFoundError } from '@backstage/errors';
import { GithubClient } from '../clients/github/GithubClient';
import { gitBlobSha } from '../clients/github/proposeChange';
import { RenderedFile, RenderedTree } from './renderTemplate';

/** A branch of the service's repository as far as an upgrade reads it. */
export interface BranchFiles {
  branch: string;
  /** The branch's head commit. */
  commitSha: string;
  /** Path → blob SHA and mode of every file on the branch. */
  entries: Map<string, { sha: string; executable: boolean }>;
}

/** Lists the repository's default branch (or `branch`) through the GitHub API. */
export async function readBranch(
  gh: GithubClient,
  branch?: string,
): Promise<BranchFiles> {
  const { owner, repo } = gh.ref;
  const name =
    branch ??
    (await gh.must('read repository', o => o.rest.repos.get({ owner, repo })))
      .default_branch;
  const ref = await gh.call(
    `read branch "${name}"`,
    o => o.rest.git.getRef({ owner, repo, ref: `heads/${name}` }),
    { accept: [404, 409] },
  );
  if (!ref) {
    throw new NotFoundError(
      `${owner}/${repo} has no branch "${name}" (an empty repository?); there is nothing to upgrade.`,
    );
  }
  const commit = await gh.must('read head commit', o =>
    o.rest.git.getCommit({ owner, repo, commit_sha: ref.object.sha }),
  );
  const tree = await gh.must('read tree', o =>
    o.rest.git.getTree({
      owner,
      repo,
      tree_sha: commit.tree.sha,
      recursive: 'true',
    }),
  );
  const entries = new Map<string, { sha: string; executable: boolean }>();
  for (const e of tree.tree ?? []) {
    if (e.type === 'blob' && e.path && e.sha) {
      entries.set(e.path, { sha: e.sha, executable: e.mode === '100755' });
    }
  }
  return { branch: name, commitSha: ref.object.sha, entries };
}

/**
 * The branch's content at `paths` (absent paths are left out). A file whose
 * blob is byte-identical to what `known` holds for it is not downloaded.
 */
export async function readBranchFiles(
  gh: GithubClient,
  branch: BranchFiles,
  paths: Iterable<string>,
  known: RenderedTree[] = [],
): Promise<Map<string, RenderedFile>> {
  const { owner, repo } = gh.ref;
  const files = new Map<string, RenderedFile>();
  for (const file of paths) {
    const entry = branch.entries.get(file);
    if (!entry) continue;
    const same = known
      .map(tree => tree.get(file))
      .find(k => k !== undefined && gitBlobSha(k.content) === entry.sha);
    if (same) {
      files.set(file, { content: same.content, executable: entry.executable });
      continue;
    }
    const blob = await gh.must(`read ${file}`, o =>
      o.rest.git.getBlob({ owner, repo, file_sha: entry.sha }),
    );
    files.set(file, {
      content: Buffer.from(blob.content, 'base64').toString('utf8'),
      executable: entry.executable,
    });
  }
  return files;
}
