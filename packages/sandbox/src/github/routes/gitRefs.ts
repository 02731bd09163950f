import { GitCommandError } from '../../shared/runGit';
import {
  GitHubApiError,
  notFound,
  optionalBoolean,
  requireString,
} from '../api/errors';
import { findRepo, urlsOf } from '../api/lookup';
import type { RouteContext, Router } from '../api/router';
import { nodeId, repoApiUrl } from '../model/serializers';
import { enforcedRules } from '../model/protectionRules';
import { StoredRepo, timestamp } from '../model/store';

/** Git refs: get, list, matching, create, update (fast-forward or force) and delete. */
export function registerRefRoutes(router: Router) {
  router.add('GET', '/repos/:owner/:repo/git/ref/*ref', async ctx => {
    const repo = findRepo(ctx);
    await failIfEmpty(repo);
    const full = `refs/${ctx.params.ref}`;
    const found = (await repo.git.listRefs(full)).find(r => r.ref === full);
    if (!found) throw notFound();
    return { status: 200, body: refJson(ctx, repo, found) };
  });

  // The older form: an exact match returns the ref, a prefix returns a list.
  router.add('GET', '/repos/:owner/:repo/git/refs/*ref', async ctx => {
    const repo = findRepo(ctx);
    await failIfEmpty(repo);
    const prefix = ctx.params.ref ? `refs/${ctx.params.ref}` : 'refs/';
    const refs = await repo.git.listRefs(prefix);
    const exact = refs.find(r => r.ref === prefix);
    if (exact) return { status: 200, body: refJson(ctx, repo, exact) };
    const under = refs.filter(r =>
      r.ref.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
    );
    if (under.length === 0) throw notFound();
    return { status: 200, body: under.map(r => refJson(ctx, repo, r)) };
  });

  router.add('GET', '/repos/:owner/:repo/git/matching-refs/*ref', async ctx => {
    const repo = findRepo(ctx);
    const prefix = `refs/${ctx.params.ref}`;
    const refs = (await repo.git.listRefs('refs/')).filter(r =>
      r.ref.startsWith(prefix),
    );
    return { status: 200, body: refs.map(r => refJson(ctx, repo, r)) };
  });

  router.add('POST', '/repos/:owner/:repo/git/refs', async ctx => {
    const repo = findRepo(ctx);
    const ref = requireString(ctx.body, 'ref');
    const sha = requireString(ctx.body, 'sha');
    if (
      !/^refs\/[^/]+\/.+/.test(ref) ||
      /\.\.|[\s~^:?*[\\]|\/$|\.lock$/.test(ref)
    ) {
      throw new GitHubApiError(422, `${ref} is not a valid ref name.`);
    }
    const type = await repo.git.objectType(sha);
    if (!type) throw new GitHubApiError(422, 'Object does not exist');
    if (ref.startsWith('refs/heads/') && type !== 'commit') {
      throw new GitHubApiError(422, 'Object is not a commit');
    }
    try {
      await repo.git.updateRef(ref, sha, '');
    } catch (error) {
      if (error instanceof GitCommandError) {
        throw new GitHubApiError(422, 'Reference already exists');
      }
      throw error;
    }
    await afterBranchWrite(repo, ref);
    return { status: 201, body: refJson(ctx, repo, { ref, sha, type }) };
  });

  router.add('PATCH', '/repos/:owner/:repo/git/refs/*ref', async ctx => {
    const repo = findRepo(ctx);
    const ref = `refs/${ctx.params.ref}`;
    const sha = requireString(ctx.body, 'sha');
    const force = optionalBoolean(ctx.body, 'force') ?? false;
    const current = await repo.git.readRef(ref);
    if (!current) throw new GitHubApiError(422, 'Reference does not exist');
    const type = await repo.git.objectType(sha);
    if (type !== 'commit')
      throw new GitHubApiError(422, 'Object does not exist');
    const fastForward = await repo.git.isAncestor(current, sha);
    if (!force && !fastForward) {
      throw new GitHubApiError(422, 'Update is not a fast forward');
    }
    const protection = protectionOf(repo, ref);
    if (protection?.requirePullRequest) {
      throw new GitHubApiError(
        422,
        `Protected branch update failed for ${ref}: changes must be made through a pull request.`,
      );
    }
    if (!fastForward && protection && !protection.allowForcePushes) {
      throw new GitHubApiError(
        422,
        `Protected branch update failed for ${ref}: force pushes are not allowed.`,
      );
    }
    try {
      await repo.git.updateRef(ref, sha, current);
    } catch (error) {
      if (error instanceof GitCommandError) {
        throw new GitHubApiError(
          422,
          'Reference cannot be updated: it moved concurrently',
        );
      }
      throw error;
    }
    await afterBranchWrite(repo, ref);
    return { status: 200, body: refJson(ctx, repo, { ref, sha, type }) };
  });

  router.add('DELETE', '/repos/:owner/:repo/git/refs/*ref', async ctx => {
    const repo = findRepo(ctx);
    const ref = `refs/${ctx.params.ref}`;
    if (!(await repo.git.readRef(ref))) {
      throw new GitHubApiError(422, 'Reference does not exist');
    }
    const protection = protectionOf(repo, ref);
    if (protection && !protection.allowDeletions) {
      throw new GitHubApiError(422, 'Cannot delete this protected branch');
    }
    await repo.git.deleteRef(ref);
    return { status: 204 };
  });
}

/** Protection rules binding the token for a `refs/heads/…` ref, if any. */
function protectionOf(repo: StoredRepo, ref: string) {
  if (!ref.startsWith('refs/heads/')) return undefined;
  return enforcedRules(repo, ref.slice('refs/heads/'.length));
}

async function failIfEmpty(repo: StoredRepo) {
  if (await repo.git.isEmpty()) {
    throw new GitHubApiError(409, 'Git Repository is empty.');
  }
}

/** A branch written into an empty repository becomes its default, as a push would. */
async function afterBranchWrite(repo: StoredRepo, ref: string) {
  if (!ref.startsWith('refs/heads/')) return;
  repo.pushed_at = timestamp();
  const heads = await repo.git.listRefs('refs/heads/');
  if (heads.length === 1 && heads[0].ref === ref) {
    repo.defaultBranch = ref.slice('refs/heads/'.length);
    await repo.git.setHead(repo.defaultBranch);
  }
}

export function refJson(
  ctx: RouteContext,
  repo: StoredRepo,
  ref: { ref: string; sha: string; type: string },
) {
  const api = repoApiUrl(repo, urlsOf(ctx));
  return {
    ref: ref.ref,
    node_id: nodeId('Ref', `${repo.id}:${ref.ref}`),
    url: `${api}/git/${ref.ref}`,
    object: {
      sha: ref.sha,
      type: ref.type,
      url: `${api}/git/${ref.type}s/${ref.sha}`,
    },
  };
}
