import type { StoredRepo } from '../model/store';
import { GitHubApiError, notFound } from './errors';
import type { RouteContext } from './router';

/** The repository named by `:owner/:repo`, or GitHub's 404. */
export function findRepo(ctx: RouteContext): StoredRepo {
  const repo = ctx.store.repo(ctx.params.owner, ctx.params.repo);
  if (!repo) throw notFound();
  return repo;
}

/** The repository named by `/repositories/:repository_id/…` routes. */
export function findRepoById(ctx: RouteContext): StoredRepo {
  const repo = ctx.store.repoById(Number(ctx.params.repository_id));
  if (!repo) throw notFound();
  return repo;
}

/** The commit a `ref` query parameter (or the default branch) names. */
export async function resolveRefOrDefault(
  repo: StoredRepo,
  ref: string | null | undefined,
): Promise<string> {
  if (await repo.git.isEmpty()) {
    throw new GitHubApiError(404, 'This repository is empty.');
  }
  const wanted = ref || repo.defaultBranch;
  const sha = await repo.git.resolveRefish(wanted);
  if (!sha)
    throw new GitHubApiError(404, `No commit found for the ref ${wanted}`);
  return sha;
}

export function urlsOf(ctx: RouteContext) {
  return { webUrl: ctx.webUrl, apiUrl: ctx.apiUrl };
}
