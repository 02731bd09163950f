import { GitHubApiError } from '../api/errors';
import { findRepo, urlsOf } from '../api/lookup';
import type { Router } from '../api/router';
import { repoCommitJson } from '../model/serializers';
import { changedFiles } from './commits';

/** GitHub lists at most this many commits in a comparison. */
const MAX_COMMITS = 250;

/**
 * `GET /repos/:o/:r/compare/BASE...HEAD`: how HEAD relates to BASE through
 * their merge base (`status` ahead, behind, diverged or identical, the
 * counts, HEAD's commits that BASE lacks, oldest first, and the files
 * changed since the merge base), as GitHub answers it. Refs may be
 * branches, tags or commit SHAs.
 */
export function registerCompareRoutes(router: Router) {
  router.add('GET', '/repos/:owner/:repo/compare/*basehead', async ctx => {
    const repo = findRepo(ctx);
    const match = /^(.+?)\.\.\.?(.+)$/.exec(ctx.params.basehead);
    if (!match) throw new GitHubApiError(404, 'Not Found');
    const [, baseRef, headRef] = match;
    const empty = await repo.git.isEmpty();
    const base = empty ? undefined : await repo.git.resolveRefish(baseRef);
    const head = empty ? undefined : await repo.git.resolveRefish(headRef);
    if (!base || !head) throw new GitHubApiError(404, 'Not Found');
    const mergeBase = (
      await repo.git.git(['merge-base', base, head]).catch(() => '')
    ).trim();
    if (!mergeBase) {
      throw new GitHubApiError(
        404,
        `No common ancestor between ${baseRef} and ${headRef}.`,
      );
    }
    const ahead = await repo.git.log(head, { exclude: base });
    const behind = await repo.git.log(base, { exclude: head });
    let status = 'identical';
    if (ahead.length && behind.length) status = 'diverged';
    else if (ahead.length) status = 'ahead';
    else if (behind.length) status = 'behind';
    const urls = urlsOf(ctx);
    const json = async (sha: string) =>
      repoCommitJson(repo, await repo.git.readCommit(sha), urls);
    const html = `${urls.webUrl}/${repo.owner.login}/${repo.name}`;
    return {
      status: 200,
      body: {
        url: `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}/compare/${ctx.params.basehead}`,
        html_url: `${html}/compare/${ctx.params.basehead}`,
        base_commit: await json(base),
        merge_base_commit: await json(mergeBase),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: await Promise.all(
          ahead.slice(0, MAX_COMMITS).reverse().map(json),
        ),
        files: await changedFiles(repo, mergeBase, head),
      },
    };
  });
}
