import {
  GitHubApiError,
  invalidRequest,
  notFound,
  optionalString,
  requireString,
} from '../api/errors';
import { findRepo, findRepoById, urlsOf } from '../api/lookup';
import { paginate } from '../api/pagination';
import type { RouteContext, Router } from '../api/router';
import { SecretBox } from '../secrets/SecretBox';
import { accountJson, nodeId } from '../model/serializers';
import { StoredEnvironment, StoredRepo, timestamp } from '../model/store';
import { registerSecretRoutes } from './actionsSecrets';
import { registerVariableRoutes } from './actionsVariables';

/** Deployment environments, their branch policies, variables and secrets. */
export function registerEnvironmentRoutes(router: Router) {
  router.add('PUT', '/repos/:owner/:repo/environments/:env', async ctx => {
    const repo = findRepo(ctx);
    const input = readEnvironment(ctx, repo);
    const now = timestamp();
    let env = repo.environments.get(ctx.params.env);
    if (!env) {
      env = {
        id: ctx.store.newId(),
        name: ctx.params.env,
        created_at: now,
        updated_at: now,
        wait_timer: 0,
        prevent_self_review: false,
        reviewers: [],
        deployment_branch_policy: null,
        branchPolicies: [],
        variables: new Map(),
        secrets: new Map(),
        secretBox: await SecretBox.create(),
      };
      repo.environments.set(env.name, env);
    }
    Object.assign(env, input, { updated_at: now });
    return { status: 200, body: environmentJson(ctx, repo, env) };
  });

  router.add('GET', '/repos/:owner/:repo/environments', async ctx => {
    const repo = findRepo(ctx);
    const all = [...repo.environments.values()];
    const { page, headers } = paginate(all, ctx.url);
    return {
      status: 200,
      body: {
        total_count: all.length,
        environments: page.map(e => environmentJson(ctx, repo, e)),
      },
      headers,
    };
  });

  router.add('GET', '/repos/:owner/:repo/environments/:env', async ctx => {
    const repo = findRepo(ctx);
    return {
      status: 200,
      body: environmentJson(ctx, repo, findEnv(repo, ctx)),
    };
  });

  router.add('DELETE', '/repos/:owner/:repo/environments/:env', async ctx => {
    const repo = findRepo(ctx);
    if (!repo.environments.delete(ctx.params.env)) throw notFound();
    return { status: 204 };
  });

  const policies =
    '/repos/:owner/:repo/environments/:env/deployment-branch-policies';
  router.add('POST', policies, async ctx => {
    const repo = findRepo(ctx);
    const env = findEnv(repo, ctx);
    if (!env.deployment_branch_policy?.custom_branch_policies) {
      throw new GitHubApiError(
        404,
        'Custom deployment branch and tag policies are not enabled for this environment: set deployment_branch_policy.custom_branch_policies to true first.',
      );
    }
    const name = requireString(ctx.body, 'name');
    const type = optionalString(ctx.body, 'type') ?? 'branch';
    if (type !== 'branch' && type !== 'tag')
      throw invalidRequest(`"type" must be branch or tag; got "${type}".`);
    let policy = env.branchPolicies.find(
      p => p.name === name && p.type === type,
    );
    if (!policy) {
      policy = { id: ctx.store.newId(), name, type };
      env.branchPolicies.push(policy);
    }
    return {
      status: 200,
      body: { ...policy, node_id: nodeId('DeploymentBranchPolicy', policy.id) },
    };
  });
  router.add('GET', policies, async ctx => {
    const env = findEnv(findRepo(ctx), ctx);
    return {
      status: 200,
      body: {
        total_count: env.branchPolicies.length,
        branch_policies: env.branchPolicies,
      },
    };
  });

  // Both URL forms exist in octokit versions in use: by owner/repo and by repository id.
  for (const [base, lookup] of [
    ['/repos/:owner/:repo/environments/:env', findRepo],
    ['/repositories/:repository_id/environments/:env', findRepoById],
  ] as const) {
    const envOf = (ctx: RouteContext) => findEnv(lookup(ctx), ctx);
    registerVariableRoutes(
      router,
      `${base}/variables`,
      ctx => envOf(ctx).variables,
    );
    registerSecretRoutes(router, `${base}/secrets`, ctx => {
      const env = envOf(ctx);
      return { secrets: env.secrets, box: env.secretBox };
    });
  }
}

function findEnv(repo: StoredRepo, ctx: RouteContext): StoredEnvironment {
  const env = repo.environments.get(ctx.params.env);
  if (!env) throw notFound();
  return env;
}

function readEnvironment(ctx: RouteContext, repo: StoredRepo) {
  const body = ctx.body;
  const result: Partial<StoredEnvironment> = {};
  if (body.wait_timer !== undefined && body.wait_timer !== null) {
    const timer = body.wait_timer;
    if (
      typeof timer !== 'number' ||
      !Number.isInteger(timer) ||
      timer < 0 ||
      timer > 43200
    ) {
      throw invalidRequest(
        '"wait_timer" must be an integer number of minutes between 0 and 43200.',
      );
    }
    result.wait_timer = timer;
  }
  if (
    body.prevent_self_review !== undefined &&
    body.prevent_self_review !== null
  ) {
    if (typeof body.prevent_self_review !== 'boolean')
      throw invalidRequest('"prevent_self_review" must be a boolean.');
    result.prevent_self_review = body.prevent_self_review;
  }
  if (body.reviewers !== undefined && body.reviewers !== null) {
    const reviewers = body.reviewers;
    if (!Array.isArray(reviewers) || reviewers.length > 6) {
      throw invalidRequest(
        '"reviewers" must be an array of at most 6 { type, id } objects.',
      );
    }
    result.reviewers = reviewers.map((r: { type?: unknown; id?: unknown }) => {
      const known =
        r?.type === 'User'
          ? [...ctx.store.accounts.values()].some(
              a => a.type === 'User' && a.id === r.id,
            )
          : r?.type === 'Team' &&
            [...ctx.store.teams.values()].some(
              t =>
                t.id === r.id &&
                t.org.toLowerCase() === repo.owner.login.toLowerCase(),
            );
      if (!known) {
        throw new GitHubApiError(
          422,
          `Reviewer ${JSON.stringify(r)} is not a known User or ${
            repo.owner.login
          } Team id.`,
        );
      }
      return { type: r.type as 'User' | 'Team', id: r.id as number };
    });
  }
  if ('deployment_branch_policy' in body) {
    const policy = body.deployment_branch_policy as Record<
      string,
      unknown
    > | null;
    if (policy === null) {
      result.deployment_branch_policy = null;
    } else {
      if (
        typeof policy?.protected_branches !== 'boolean' ||
        typeof policy?.custom_branch_policies !== 'boolean'
      ) {
        throw invalidRequest(
          '"deployment_branch_policy" needs boolean "protected_branches" and "custom_branch_policies".',
        );
      }
      if (policy.protected_branches === policy.custom_branch_policies) {
        throw new GitHubApiError(
          422,
          'Exactly one of protected_branches and custom_branch_policies must be true.',
        );
      }
      result.deployment_branch_policy = {
        protected_branches: policy.protected_branches,
        custom_branch_policies: policy.custom_branch_policies,
      };
    }
  }
  return result;
}

function environmentJson(
  ctx: RouteContext,
  repo: StoredRepo,
  env: StoredEnvironment,
) {
  const rules: Array<Record<string, unknown>> = [];
  if (env.wait_timer > 0) {
    rules.push({
      id: env.id * 10 + 1,
      node_id: nodeId('Gate', env.id * 10 + 1),
      type: 'wait_timer',
      wait_timer: env.wait_timer,
    });
  }
  if (env.reviewers.length > 0) {
    rules.push({
      id: env.id * 10 + 2,
      node_id: nodeId('Gate', env.id * 10 + 2),
      type: 'required_reviewers',
      prevent_self_review: env.prevent_self_review,
      reviewers: env.reviewers.map(r => ({
        type: r.type,
        reviewer:
          r.type === 'User'
            ? accountJson(
                [...ctx.store.accounts.values()].find(a => a.id === r.id)!,
                urlsOf(ctx),
              )
            : {
                id: r.id,
                slug: [...ctx.store.teams.values()].find(t => t.id === r.id)
                  ?.slug,
              },
      })),
    });
  }
  if (env.deployment_branch_policy) {
    rules.push({
      id: env.id * 10 + 3,
      node_id: nodeId('Gate', env.id * 10 + 3),
      type: 'branch_policy',
    });
  }
  return {
    id: env.id,
    node_id: nodeId('Environment', env.id),
    name: env.name,
    url: `${ctx.apiUrl}/repos/${repo.owner.login}/${
      repo.name
    }/environments/${encodeURIComponent(env.name)}`,
    html_url: `${ctx.webUrl}/${repo.owner.login}/${
      repo.name
    }/deployments/activity_log?environments_filter=${encodeURIComponent(
      env.name,
    )}`,
    created_at: env.created_at,
    updated_at: env.updated_at,
    can_admins_bypass: true,
    protection_rules: rules,
    deployment_branch_policy: env.deployment_branch_policy,
  };
}
