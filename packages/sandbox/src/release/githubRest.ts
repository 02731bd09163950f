/*
 * The few GitHub REST calls a reviewer and a release workflow make, against
 * the sandbox's GitHub (or any GitHub API base URL).
 */

export interface GitHubAccess {
  /** REST base, e.g. `http://127.0.0.1:7130/api/v3`. */
  apiBaseUrl: string;
  token: string;
}

export async function githubRequest<T = any>(
  access: GitHubAccess,
  method: string,
  path: string,
  body?: unknown,
  accept = 'application/vnd.github+json',
): Promise<T> {
  const res = await fetch(`${access.apiBaseUrl}${path}`, {
    method,
    headers: {
      Authorization: `token ${access.token}`,
      Accept: accept,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`GitHub ${method} ${path} answered ${res.status}: ${text}`);
  }
  if (accept.endsWith('.raw')) return text as T;
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface PullRequest {
  number: number;
  html_url: string;
  state: string;
  merged?: boolean;
  merge_commit_sha?: string | null;
  head: { ref: string; sha: string };
  base: { ref: string };
  title: string;
}

/** The pull requests whose head is `branch` in `repository` (`owner/repo`), newest first. */
export async function pullRequestsOf(
  access: GitHubAccess,
  repository: string,
  branch: string,
  state: 'open' | 'closed' | 'all' = 'open',
): Promise<PullRequest[]> {
  const owner = repository.split('/')[0];
  return githubRequest<PullRequest[]>(
    access,
    'GET',
    `/repos/${repository}/pulls?state=${state}&head=${encodeURIComponent(
      `${owner}:${branch}`,
    )}`,
  );
}

/** The open pull request whose head is `branch` in `repository` (`owner/repo`), if any. */
export async function openPullRequest(
  access: GitHubAccess,
  repository: string,
  branch: string,
): Promise<PullRequest | undefined> {
  return (await pullRequestsOf(access, repository, branch))[0];
}

/**
 * Merges a pull request as a reviewer does after approving it (squash, at
 * the head it reviewed); resolves with the merge commit.
 */
export async function mergePullRequest(
  access: GitHubAccess,
  repository: string,
  pull: Pick<PullRequest, 'number' | 'head'>,
): Promise<string> {
  const merged = await githubRequest<{ sha: string; merged: boolean }>(
    access,
    'PUT',
    `/repos/${repository}/pulls/${pull.number}/merge`,
    { merge_method: 'squash', sha: pull.head.sha },
  );
  if (!merged.merged) {
    throw new Error(
      `pull request #${pull.number} of ${repository} was not merged`,
    );
  }
  return merged.sha;
}

/**
 * Waits for the open pull request of `branch` (it may still be on its way)
 * and merges it. A pull request of that branch merged already (a retried
 * test meeting its own first attempt) counts as merged, when none is open.
 */
export async function mergeWhenOpen(
  access: GitHubAccess,
  repository: string,
  branch: string,
  timeoutMs = 60_000,
): Promise<{ pull: PullRequest; mergeCommit: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pulls = await pullRequestsOf(access, repository, branch, 'all');
    const open = pulls.find(p => p.state === 'open');
    if (open)
      return {
        pull: open,
        mergeCommit: await mergePullRequest(access, repository, open),
      };
    const merged = pulls.find(p => p.merged && p.merge_commit_sha);
    if (merged) return { pull: merged, mergeCommit: merged.merge_commit_sha! };
    if (Date.now() > deadline) {
      throw new Error(
        `no open pull request from ${branch} in ${repository} after ${timeoutMs} ms`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
}
