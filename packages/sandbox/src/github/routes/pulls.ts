import {
  invalidRequest,
  notFound,
  optionalBoolean,
  optionalString,
  requireString,
  validationFailed,
} from '../api/errors';
import { findRepo } from '../api/lookup';
import { paginate } from '../api/pagination';
import type { RouteContext, Router } from '../api/router';
import { StoredPull, StoredRepo, timestamp } from '../model/store';
import { mergePull } from './pullMerge';
import { pullJson } from './pullJson';
import { sendPullDiff, wantsDiff } from './pullDiff';

/** Pull requests: create, list, get (JSON or diff), update, merge, reviewers, assignees, labels. */
export function registerPullRoutes(router: Router) {
  router.add('POST', '/repos/:owner/:repo/pulls', async ctx => {
    const repo = findRepo(ctx);
    const title = requireString(ctx.body, 'title');
    const head = parseHead(repo, requireString(ctx.body, 'head'));
    const base = requireString(ctx.body, 'base');
    const headSha = await repo.git.readRef(`refs/heads/${head}`);
    const baseSha = await repo.git.readRef(`refs/heads/${base}`);
    const errors = [];
    if (!headSha)
      errors.push({ resource: 'PullRequest', field: 'head', code: 'invalid' });
    if (!baseSha)
      errors.push({ resource: 'PullRequest', field: 'base', code: 'invalid' });
    if (errors.length) throw validationFailed(errors);
    const duplicate = repo.pulls.find(
      p => p.state === 'open' && p.head === head && p.base === base,
    );
    if (duplicate) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${repo.owner.login}:${head}.`,
        },
      ]);
    }
    if (
      (await repo.git.log(headSha!, { exclude: baseSha!, max: 1 })).length === 0
    ) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `No commits between ${base} and ${head}`,
        },
      ]);
    }
    const now = timestamp();
    const pull: StoredPull = {
      id: ctx.store.newId(),
      number: repo.nextNumber++,
      state: 'open',
      title,
      body: optionalString(ctx.body, 'body') ?? null,
      draft: optionalBoolean(ctx.body, 'draft') ?? false,
      headOwner: repo.owner.login,
      head,
      base,
      baseShaAtCreate: baseSha!,
      merged: false,
      merge_commit_sha: null,
      merged_at: null,
      closed_at: null,
      created_at: now,
      updated_at: now,
      requested_reviewers: [],
      requested_teams: [],
      assignees: [],
      labels: [],
    };
    repo.pulls.push(pull);
    return { status: 201, body: await pullJson(ctx, repo, pull) };
  });

  router.add('GET', '/repos/:owner/:repo/pulls', async ctx => {
    const repo = findRepo(ctx);
    const state = ctx.url.searchParams.get('state') ?? 'open';
    const head = ctx.url.searchParams.get('head');
    const base = ctx.url.searchParams.get('base');
    const list = repo.pulls
      .filter(p => state === 'all' || p.state === state)
      .filter(
        p =>
          !head ||
          `${p.headOwner}:${p.head}`.toLowerCase() === head.toLowerCase(),
      )
      .filter(p => !base || p.base === base)
      .sort((a, b) => b.number - a.number);
    const { page, headers } = paginate(list, ctx.url);
    return {
      status: 200,
      body: await Promise.all(page.map(p => pullJson(ctx, repo, p))),
      headers,
    };
  });

  router.add('GET', '/repos/:owner/:repo/pulls/:number', async ctx => {
    const { repo, pull } = findPull(ctx);
    if (wantsDiff(ctx)) return sendPullDiff(ctx, repo, pull);
    return { status: 200, body: await pullJson(ctx, repo, pull) };
  });

  router.add('PATCH', '/repos/:owner/:repo/pulls/:number', async ctx => {
    const { repo, pull } = findPull(ctx);
    const title = optionalString(ctx.body, 'title');
    const body = optionalString(ctx.body, 'body');
    const state = optionalString(ctx.body, 'state');
    const base = optionalString(ctx.body, 'base');
    if (state && !['open', 'closed'].includes(state)) {
      throw invalidRequest(`"state" must be open or closed; got "${state}".`);
    }
    if (base && !(await repo.git.readRef(`refs/heads/${base}`))) {
      throw validationFailed([
        { resource: 'PullRequest', field: 'base', code: 'invalid' },
      ]);
    }
    if (state === 'open' && pull.merged) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: 'Cannot reopen a merged pull request',
        },
      ]);
    }
    if (title !== undefined) pull.title = title;
    if (body !== undefined) pull.body = body;
    if (base) pull.base = base;
    if (state === 'closed' && pull.state === 'open') {
      pull.headShaAtClose = await repo.git.readRef(`refs/heads/${pull.head}`);
      pull.closed_at = timestamp();
    }
    if (state === 'open') pull.closed_at = null;
    if (state) pull.state = state as StoredPull['state'];
    pull.updated_at = timestamp();
    return { status: 200, body: await pullJson(ctx, repo, pull) };
  });

  router.add('PUT', '/repos/:owner/:repo/pulls/:number/merge', async ctx => {
    const { repo, pull } = findPull(ctx);
    const sha = await mergePull(repo, pull, {
      method: optionalString(ctx.body, 'merge_method') ?? 'merge',
      expectedHeadSha: optionalString(ctx.body, 'sha'),
      title: optionalString(ctx.body, 'commit_title'),
      message: optionalString(ctx.body, 'commit_message'),
    });
    return {
      status: 200,
      body: { sha, merged: true, message: 'Pull Request successfully merged' },
    };
  });

  router.add('GET', '/repos/:owner/:repo/pulls/:number/merge', async ctx => {
    const { pull } = findPull(ctx);
    if (!pull.merged) throw notFound();
    return { status: 204 };
  });

  router.add(
    'POST',
    '/repos/:owner/:repo/pulls/:number/requested_reviewers',
    async ctx => {
      const { repo, pull } = findPull(ctx);
      const reviewers = stringList(ctx.body.reviewers, 'reviewers');
      const teams = stringList(ctx.body.team_reviewers, 'team_reviewers');
      if (
        reviewers.some(
          r => r.toLowerCase() === ctx.store.viewer.login.toLowerCase(),
        )
      ) {
        throw validationFailed([
          {
            resource: 'PullRequest',
            code: 'custom',
            message: 'Review cannot be requested from pull request author.',
          },
        ]);
      }
      const unknownUser = reviewers.some(
        r => ctx.store.account(r)?.type !== 'User',
      );
      const unknownTeam = teams.some(t => !ctx.store.team(repo.owner.login, t));
      if (unknownUser || unknownTeam) {
        throw validationFailed([
          {
            resource: 'ReviewRequest',
            code: 'custom',
            message: `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.owner.login}/${repo.name} repository.`,
          },
        ]);
      }
      pull.requested_reviewers = [
        ...new Set([...pull.requested_reviewers, ...reviewers]),
      ];
      pull.requested_teams = [...new Set([...pull.requested_teams, ...teams])];
      return { status: 201, body: await pullJson(ctx, repo, pull) };
    },
  );

  router.add(
    'POST',
    '/repos/:owner/:repo/issues/:number/assignees',
    async ctx => {
      const { repo, pull } = findPull(ctx);
      // GitHub silently drops assignees who cannot be assigned.
      const valid = stringList(ctx.body.assignees, 'assignees').filter(
        a => ctx.store.account(a)?.type === 'User',
      );
      pull.assignees = [...new Set([...pull.assignees, ...valid])].slice(0, 10);
      return { status: 201, body: await pullJson(ctx, repo, pull) };
    },
  );

  router.add('POST', '/repos/:owner/:repo/issues/:number/labels', async ctx => {
    const { pull } = findPull(ctx);
    const labels = Array.isArray(ctx.body)
      ? (ctx.body as unknown[])
      : ctx.body.labels;
    pull.labels = [
      ...new Set([...pull.labels, ...stringList(labels, 'labels')]),
    ];
    return {
      status: 200,
      body: pull.labels.map(name => ({
        name,
        color: 'ededed',
        default: false,
      })),
    };
  });
}

function findPull(ctx: RouteContext) {
  const repo = findRepo(ctx);
  const pull = repo.pulls.find(p => p.number === Number(ctx.params.number));
  if (!pull) throw notFound();
  return { repo, pull };
}

/** `owner:branch` or `branch`; forks are not simulated. */
function parseHead(repo: StoredRepo, head: string): string {
  const colon = head.indexOf(':');
  if (colon === -1) return head;
  const owner = head.slice(0, colon);
  if (owner.toLowerCase() !== repo.owner.login.toLowerCase()) {
    throw validationFailed([
      {
        resource: 'PullRequest',
        field: 'head',
        code: 'invalid',
        message:
          'The simulator has no forks: head must be a branch of this repository.',
      },
    ]);
  }
  return head.slice(colon + 1);
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw invalidRequest(`"${field}" must be an array of strings.`);
  }
  return value as string[];
}
