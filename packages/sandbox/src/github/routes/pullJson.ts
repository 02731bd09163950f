import { urlsOf } from '../api/lookup';
import type { RouteContext } from '../api/router';
import { accountJson, nodeId, repoJson } from '../model/serializers';
import type { StoredPull, StoredRepo } from '../model/store';

/** A pull request as GitHub returns it, with `mergeable` from a real merge. */
export async function pullJson(
  ctx: RouteContext,
  repo: StoredRepo,
  pull: StoredPull,
) {
  const urls = urlsOf(ctx);
  const api = `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  const html = `${ctx.webUrl}/${repo.owner.login}/${repo.name}/pull/${pull.number}`;
  const headSha =
    (await repo.git.readRef(`refs/heads/${pull.head}`)) ??
    pull.headShaAtClose ??
    null;
  const baseSha =
    (await repo.git.readRef(`refs/heads/${pull.base}`)) ?? pull.baseShaAtCreate;
  let mergeable: boolean | null = null;
  if (pull.state === 'open' && headSha) {
    mergeable = !(await repo.git.mergeTrees(baseSha, headSha)).conflicts;
  }
  const repoData = repoJson(repo, urls);
  const user = accountJson(ctx.store.viewer, urls);
  const people = (logins: string[]) =>
    logins
      .map(l => ctx.store.account(l))
      .filter(Boolean)
      .map(a => accountJson(a!, urls));
  return {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user,
    body: pull.body,
    labels: pull.labels.map(name => ({ name })),
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    closed_at: pull.closed_at,
    merged_at: pull.merged_at,
    merge_commit_sha: pull.merge_commit_sha,
    assignee: people(pull.assignees)[0] ?? null,
    assignees: people(pull.assignees),
    requested_reviewers: people(pull.requested_reviewers),
    requested_teams: pull.requested_teams.map(slug => ({ slug, name: slug })),
    head: {
      label: `${pull.headOwner}:${pull.head}`,
      ref: pull.head,
      sha: headSha,
      user: repoData.owner,
      repo: repoData,
    },
    base: {
      label: `${repo.owner.login}:${pull.base}`,
      ref: pull.base,
      sha: baseSha,
      user: repoData.owner,
      repo: repoData,
    },
    draft: pull.draft,
    merged: pull.merged,
    mergeable,
    mergeable_state: mergeableState(pull, mergeable),
    merged_by: pull.merged ? user : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    auto_merge: null,
  };
}

function mergeableState(pull: StoredPull, mergeable: boolean | null) {
  if (pull.state !== 'open') return 'unknown';
  return mergeable ? 'clean' : 'dirty';
}
