import type { GitHubSimulator } from '../../github';

/*
 * Commits to the GitHub simulator through its REST contents API, as a
 * developer or a merged pull request would move a branch.
 */

async function current(
  github: GitHubSimulator,
  repo: string,
  file: string,
): Promise<string | undefined> {
  const res = await fetch(
    `${github.apiBaseUrl}/repos/${repo}/contents/${file}`,
    {
      headers: { Authorization: `token ${github.token}` },
    },
  );
  return res.ok ? (await res.json()).sha : undefined;
}

export async function putFile(
  github: GitHubSimulator,
  repo: string,
  file: string,
  content: string,
): Promise<string> {
  const sha = await current(github, repo, file);
  const res = await fetch(
    `${github.apiBaseUrl}/repos/${repo}/contents/${file}`,
    {
      method: 'PUT',
      headers: { Authorization: `token ${github.token}` },
      body: JSON.stringify({
        message: `update ${file}`,
        content: Buffer.from(content).toString('base64'),
        ...(sha ? { sha } : {}),
      }),
    },
  );
  if (!res.ok)
    throw new Error(`PUT ${file}: ${res.status} ${await res.text()}`);
  return (await res.json()).commit.sha;
}

export async function deleteFile(
  github: GitHubSimulator,
  repo: string,
  file: string,
): Promise<string> {
  const sha = await current(github, repo, file);
  const res = await fetch(
    `${github.apiBaseUrl}/repos/${repo}/contents/${file}`,
    {
      method: 'DELETE',
      headers: { Authorization: `token ${github.token}` },
      body: JSON.stringify({ message: `delete ${file}`, sha }),
    },
  );
  if (!res.ok)
    throw new Error(`DELETE ${file}: ${res.status} ${await res.text()}`);
  return (await res.json()).commit.sha;
}

/** Polls until `check` returns a value (not undefined/false), or fails with the last one seen. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise(r => setTimeout(r, 200));
  }
}
