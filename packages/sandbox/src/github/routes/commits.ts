import { runGit } from '../../shared/runGit';
import { GitHubApiError } from '../api/errors';
import { findRepo, urlsOf } from '../api/lookup';
import { intParam } from '../api/pagination';
import type { RouteContext, Router } from '../api/router';
import { repoCommitJson, repoJson } from '../model/serializers';
import type { StoredRepo } from '../model/store';

/** `GET /commits` (history), `GET /commits/:ref` and its combined `status`. */
export function registerCommitRoutes(router: Router) {
  router.add('GET', '/repos/:owner/:repo/commits', async ctx => {
    const repo = findRepo(ctx);
    if (await repo.git.isEmpty()) {
      throw new GitHubApiError(409, 'Git Repository is empty.');
    }
    const from = ctx.url.searchParams.get('sha') || repo.defaultBranch;
    const head = await repo.git.resolveRefish(from);
    if (!head)
      throw new GitHubApiError(404, `No commit found for SHA: ${from}`);
    const filePath = ctx.url.searchParams.get('path') || undefined;
    const perPage = intParam(ctx.url, 'per_page', 30, 1, 100);
    const page = intParam(ctx.url, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
    const shas = await repo.git.log(head, {
      skip: (page - 1) * perPage,
      max: perPage,
      filePath,
    });
    const total = await repo.git.countCommits(head, filePath);
    const body = await Promise.all(
      shas.map(async sha =>
        repoCommitJson(repo, await repo.git.readCommit(sha), urlsOf(ctx)),
      ),
    );
    return {
      status: 200,
      body,
      headers: linkHeader(ctx.url, page, perPage, total),
    };
  });

  // One wildcard route: refs may contain slashes, and `/status` hangs off the end.
  router.add('GET', '/repos/:owner/:repo/commits/*ref', async ctx => {
    const repo = findRepo(ctx);
    const statusMatch = ctx.params.ref.match(/^(.+)\/status$/);
    const ref = statusMatch ? statusMatch[1] : ctx.params.ref;
    const sha = (await repo.git.isEmpty())
      ? undefined
      : await repo.git.resolveRefish(ref);
    if (!sha) {
      throw new GitHubApiError(422, `No commit found for SHA: ${ref}`);
    }
    if (statusMatch) return combinedStatus(ctx, repo, sha);
    const commit = await repo.git.readCommit(sha);
    return {
      status: 200,
      body: {
        ...repoCommitJson(repo, commit, urlsOf(ctx)),
        files: await changedFiles(repo, commit.parents[0], sha),
      },
    };
  });
}

async function combinedStatus(
  ctx: RouteContext,
  repo: StoredRepo,
  sha: string,
) {
  const api = `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  return {
    status: 200,
    body: {
      // No status checks are ever reported in the sandbox: GitHub says pending.
      state: 'pending',
      statuses: [],
      sha,
      total_count: 0,
      repository: repoJson(repo, urlsOf(ctx)),
      commit_url: `${api}/commits/${sha}`,
      url: `${api}/commits/${sha}/status`,
    },
  };
}

const STATUS: Record<string, string> = {
  A: 'added',
  M: 'modified',
  D: 'removed',
  T: 'changed',
};

export async function changedFiles(
  repo: StoredRepo,
  parent: string | undefined,
  sha: string,
) {
  const args = ['diff-tree', '-r', '-z', '--no-renames', '--no-commit-id'];
  args.push(...(parent ? [parent, sha] : ['--root', sha]));
  const out = (await runGit(repo.git.gitDir, args)).stdout.toString('utf8');
  const parts = out.split('\0').filter(Boolean);
  const files = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const [, , , newSha, code] = parts[i].replace(/^:/, '').split(' ');
    files.push({
      filename: parts[i + 1],
      status: STATUS[code] ?? 'changed',
      sha: newSha,
    });
  }
  return files;
}

function linkHeader(url: URL, page: number, perPage: number, total: number) {
  const last = Math.max(1, Math.ceil(total / perPage));
  const link = (n: number, rel: string) => {
    const target = new URL(url.toString());
    target.searchParams.set('per_page', String(perPage));
    target.searchParams.set('page', String(n));
    return `<${target}>; rel="${rel}"`;
  };
  const links = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return links.length ? { Link: links.join(', ') } : undefined;
}
