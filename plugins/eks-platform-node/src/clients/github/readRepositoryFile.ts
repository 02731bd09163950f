import { GithubClient } from './GithubClient';

/**
 * A text file of the client's repository at `ref` (branch, tag or commit),
 * or undefined when the file (or the ref) does not exist. A path that is a
 * folder counts as absent: callers only ever read files they write.
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
