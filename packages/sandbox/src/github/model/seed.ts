import { defaultSettings } from './defaults';
import { GitHubStore, StoredRepo, timestamp } from './store';

export interface SeedRepository {
  owner: string;
  name: string;
  /** Files of the first commit on the default branch (none: an empty repo). */
  files?: Record<string, string | Buffer>;
  defaultBranch?: string;
  private?: boolean;
  message?: string;
}

/**
 * Creates a repository as if someone had created and pushed it: used for
 * the sandbox's demo repositories (e.g. the GitOps repo) and by tests.
 */
export async function seedRepository(
  store: GitHubStore,
  seed: SeedRepository,
): Promise<StoredRepo> {
  if (store.repo(seed.owner, seed.name)) {
    throw new Error(
      `seed: repository ${seed.owner}/${seed.name} already exists`,
    );
  }
  const owner =
    store.account(seed.owner) ?? store.addAccount(seed.owner, 'Organization');
  const repo = await store.createRepo(
    owner,
    seed.name,
    {
      ...defaultSettings(),
      private: seed.private ?? false,
      visibility: seed.private ? 'private' : 'public',
    },
    seed.defaultBranch ?? 'main',
  );
  const entries = Object.entries(seed.files ?? {});
  if (entries.length === 0) return repo;
  const changes = [];
  for (const [filePath, content] of entries) {
    const sha = await repo.git.writeBlob(Buffer.from(content));
    changes.push({ path: filePath, mode: '100644', sha });
  }
  const tree = await repo.git.buildTree(undefined, changes);
  const identity = { name: 'Sandbox Seeder', email: 'sandbox@example.com' };
  const commit = await repo.git.commitTree({
    tree,
    parents: [],
    message: seed.message ?? 'Initial commit',
    author: identity,
  });
  await repo.git.updateRef(`refs/heads/${repo.defaultBranch}`, commit, '');
  repo.pushed_at = timestamp();
  return repo;
}
