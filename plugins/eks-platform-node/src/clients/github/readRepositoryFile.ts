import { GithubClient } from './GithubClient';

/**
 * The text of a file of the client's repository at `ref` (branch, tag or
 * commit), or undefined when there is no such file. GitHub answers 404 for a
 * missing file, a missing ref and an empty repository ("This repository is
 * empty."), so all three read as absent. Folders and symlinks are not files
 * (callers only ever read files they write): undefined too.
 */
export async function readRepositoryFile(
  gh: GithubClient,
  path: string,
  ref: string,
): Promise<string | undefined> {
  const { owner, repo } = gh.ref;
  const data = await gh.call(
    `read ${path} at ${ref}`,
    o => o.rest.repos.getContent({ owner, repo, path, ref }),
    { accept: [404] },
  );
  if (!data || Array.isArray(data) || data.type !== 'file') return undefined;
  const file = data as { content?: string; encoding?: string };
  if (file.content === undefined) return undefined;
  return Buffer.from(
    file.content,
    file.encoding === 'base64' ? 'base64' : 'utf8',
  ).toString('utf8');
}
