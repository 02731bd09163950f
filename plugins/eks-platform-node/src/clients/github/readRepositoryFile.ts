import { GithubClient } from './GithubClient';

/**
 * The text of a file on a branch of the client's repository, or undefined
 * when there is no such file: GitHub answers 404 for a missing file and for
 * an empty repository ("This repository is empty."). Directories and
 * symlinks are not files: undefined too.
 */
export async function readRepositoryFile(
  gh: GithubClient,
  path: string,
  branch: string,
): Promise<string | undefined> {
  const file = await gh.call(
    `read ${path} on ${branch}`,
    o =>
      o.rest.repos.getContent({
        owner: gh.ref.owner,
        repo: gh.ref.repo,
        path,
        ref: branch,
      }),
    { accept: [404] },
  );
  if (!file || Array.isArray(file) || file.type !== 'file') return undefined;
  return Buffer.from(
    String(file.content ?? ''),
    (file.encoding as BufferEncoding) ?? 'base64',
  ).toString('utf8');
}
