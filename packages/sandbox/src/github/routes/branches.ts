import { GitHubApiError, invalidRequest, notFound } from '../api/errors';
import { findRepo, urlsOf } from '../api/lookup';
import { paginate } from '../api/pagination';
import type { RouteContext, Router } from '../api/router';
import { repoCommitJson } from '../model/serializers';
import type { StoredRepo } from '../model/store';
import { writeProtectionRules } from '../git/protectionHook';
import { protectionJson, readProtection } from './protection';

/**
 * Branches and their protection. Branch names may contain slashes, so one
 * wildcard route per method splits `<branch>/protection[/<setting>]`.
 */
export function registerBranchRoutes(router: Router) {
  router.add('GET', '/repos/:owner/:repo/branches', async ctx => {
    const repo = findRepo(ctx);
    const heads = await repo.git.listRefs('refs/heads/');
    const list = heads.map(h => {
      const name = h.ref.slice('refs/heads/'.length);
      return {
        name,
        commit: {
          sha: h.sha,
          url: `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}/commits/${h.sha}`,
        },
        protected: repo.branchProtection.has(name),
      };
    });
    const protectedOnly = ctx.url.searchParams.get('protected');
    const filtered =
      protectedOnly === 'true' ? list.filter(b => b.protected) : list;
    const { page, headers } = paginate(filtered, ctx.url);
    return { status: 200, body: page, headers };
  });

  for (const method of ['GET', 'PUT', 'DELETE', 'POST']) {
    router.add(method, '/repos/:owner/:repo/branches/*rest', ctx =>
      branchRoute(ctx, method),
    );
  }
}

async function branchRoute(ctx: RouteContext, method: string) {
  const repo = findRepo(ctx);
  const match = ctx.params.rest.match(/^(.+?)\/protection(?:\/(.+))?$/);
  if (!match) {
    if (method !== 'GET') throw notFound();
    return getBranch(ctx, repo, ctx.params.rest);
  }
  const [, branch, setting] = match;
  if (!(await repo.git.readRef(`refs/heads/${branch}`))) {
    throw new GitHubApiError(404, 'Branch not found');
  }
  const current = repo.branchProtection.get(branch);
  const base = `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}/branches/${branch}/protection`;
  if (!setting) {
    if (method === 'PUT') {
      const protection = readProtection(ctx.body);
      repo.branchProtection.set(branch, protection);
      await writeProtectionRules(repo);
      return { status: 200, body: protectionJson(protection, base) };
    }
    if (method === 'GET') {
      if (!current) throw new GitHubApiError(404, 'Branch not protected');
      return { status: 200, body: protectionJson(current, base) };
    }
    if (method === 'DELETE') {
      if (!current) throw new GitHubApiError(404, 'Branch not protected');
      repo.branchProtection.delete(branch);
      await writeProtectionRules(repo);
      return { status: 204 };
    }
    throw notFound();
  }
  if (setting === 'required_signatures') {
    if (!current) throw new GitHubApiError(404, 'Branch not protected');
    if (method === 'POST') current.required_signatures = true;
    else if (method === 'DELETE') current.required_signatures = false;
    else if (method !== 'GET') throw notFound();
    if (method === 'DELETE') return { status: 204 };
    return {
      status: method === 'POST' ? 200 : 200,
      body: {
        url: `${base}/required_signatures`,
        enabled: Boolean(current.required_signatures),
      },
    };
  }
  throw invalidRequest(
    `The simulator does not implement protection/${setting}.`,
  );
}

async function getBranch(ctx: RouteContext, repo: StoredRepo, branch: string) {
  const sha = await repo.git.readRef(`refs/heads/${branch}`);
  if (!sha) throw new GitHubApiError(404, 'Branch not found');
  const commit = await repo.git.readCommit(sha);
  const api = `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  const protection = repo.branchProtection.get(branch);
  return {
    status: 200,
    body: {
      name: branch,
      commit: repoCommitJson(repo, commit, urlsOf(ctx)),
      _links: {
        self: `${api}/branches/${branch}`,
        html: `${ctx.webUrl}/${repo.owner.login}/${repo.name}/tree/${branch}`,
      },
      protected: Boolean(protection),
      protection: protection
        ? protectionJson(protection, `${api}/branches/${branch}/protection`)
        : {
            enabled: false,
            required_status_checks: {
              enforcement_level: 'off',
              contexts: [],
              checks: [],
            },
          },
      protection_url: `${api}/branches/${branch}/protection`,
    },
  };
}
