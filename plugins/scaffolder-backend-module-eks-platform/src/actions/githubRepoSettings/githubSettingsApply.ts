import { GithubClient } from '@internal/backstage-plugin-eks-platform-node';
import { AuditContext, audited } from '../../lib/audit';
import { EnvironmentSettings } from './githubSettingsSpec';

type Logger = { info(m: string): void };

/**
 * Creates or updates one Actions variable: repository level when `env` is
 * undefined, environment level otherwise. The built-in actions only POST,
 * which fails with 409 once the variable exists.
 */
export async function upsertVariable(
  gh: GithubClient,
  audit: AuditContext,
  logger: Logger,
  name: string,
  value: string,
  env?: string,
): Promise<'created' | 'updated' | 'unchanged'> {
  const { owner, repo } = gh.ref;
  const base = env
    ? `/repos/{owner}/{repo}/environments/{environment_name}/variables`
    : `/repos/{owner}/{repo}/actions/variables`;
  const params = { owner, repo, ...(env ? { environment_name: env } : {}) };
  const where = env ? `environment ${env}` : 'repository';
  const current = await gh.call<{ value?: string }>(
    `read variable ${name} (${where})`,
    o => o.request(`GET ${base}/{name}`, { ...params, name }) as any,
    { accept: [404] },
  );
  if (current?.value === value) {
    logger.info(`GitHub variable ${name} (${where}) already set.`);
    return 'unchanged';
  }
  const meta = {
    repository: `${owner}/${repo}`,
    variable: name,
    environment: env ?? null,
  };
  if (current === undefined) {
    await audited(audit, 'github-variable-create', meta, () =>
      gh.must(
        `create variable ${name} (${where})`,
        o => o.request(`POST ${base}`, { ...params, name, value }) as any,
      ),
    );
    logger.info(`Created GitHub variable ${name} (${where}).`);
    return 'created';
  }
  await audited(audit, 'github-variable-update', meta, () =>
    gh.must(
      `update variable ${name} (${where})`,
      o => o.request(`PATCH ${base}/{name}`, { ...params, name, value }) as any,
    ),
  );
  logger.info(`Updated GitHub variable ${name} (${where}).`);
  return 'updated';
}

/** Resolves logins and team slugs to the numeric ids the environment API needs. */
export async function resolveReviewers(
  gh: GithubClient,
  env: EnvironmentSettings,
): Promise<Array<{ type: 'User' | 'Team'; id: number }>> {
  const reviewers: Array<{ type: 'User' | 'Team'; id: number }> = [];
  for (const login of env.users) {
    const user = await gh.must(
      `look up reviewer user "${login}"`,
      o => o.rest.users.getByUsername({ username: login }),
      status =>
        status === 404
          ? `GitHub has no user "${login}"; fix environments[].reviewers.users for "${env.name}".`
          : undefined,
    );
    reviewers.push({ type: 'User', id: user.id });
  }
  for (const slug of env.teams) {
    const team = await gh.must(
      `look up reviewer team "${slug}"`,
      o => o.rest.teams.getByName({ org: gh.ref.owner, team_slug: slug }),
      status =>
        status === 404
          ? `Organisation "${gh.ref.owner}" has no team "${slug}"; fix environments[].reviewers.teams for "${env.name}".`
          : undefined,
    );
    reviewers.push({ type: 'Team', id: team.id });
  }
  return reviewers;
}

function currentReviewerIds(environment: any): string[] {
  const rule = (environment?.protection_rules ?? []).find(
    (r: any) => r.type === 'required_reviewers',
  );
  return (rule?.reviewers ?? [])
    .map((r: any) => `${r.type}:${r.reviewer?.id}`)
    .sort();
}

function currentWaitTimer(environment: any): number {
  const rule = (environment?.protection_rules ?? []).find(
    (r: any) => r.type === 'wait_timer',
  );
  return rule?.wait_timer ?? 0;
}

/** Creates or updates a deployment environment with its protection rules. */
export async function upsertEnvironment(
  gh: GithubClient,
  audit: AuditContext,
  logger: Logger,
  env: EnvironmentSettings,
  reviewers: Array<{ type: 'User' | 'Team'; id: number }>,
): Promise<'created' | 'updated' | 'unchanged'> {
  const { owner, repo } = gh.ref;
  const params = { owner, repo, environment_name: env.name };
  const current = await gh.call<any>(
    `read environment "${env.name}"`,
    o =>
      o.request(
        'GET /repos/{owner}/{repo}/environments/{environment_name}',
        params,
      ) as any,
    { accept: [404] },
  );
  const wantedPolicy = env.deploymentBranches
    ? { protected_branches: false, custom_branch_policies: true }
    : null;
  const same =
    current &&
    currentReviewerIds(current).join(',') ===
      reviewers
        .map(r => `${r.type}:${r.id}`)
        .sort()
        .join(',') &&
    currentWaitTimer(current) === env.waitTimer &&
    JSON.stringify(current.deployment_branch_policy ?? null) ===
      JSON.stringify(wantedPolicy) &&
    (reviewers.length === 0 ||
      Boolean(
        current.protection_rules?.find(
          (r: any) => r.type === 'required_reviewers',
        )?.prevent_self_review,
      ) === env.preventSelfReview);
  if (same) {
    logger.info(
      `GitHub environment ${env.name} already has these protection rules.`,
    );
    return 'unchanged';
  }
  await audited(
    audit,
    current ? 'github-environment-update' : 'github-environment-create',
    {
      repository: `${owner}/${repo}`,
      environment: env.name,
      reviewers: [
        ...env.users.map(u => `user:${u}`),
        ...env.teams.map(t => `team:${t}`),
      ],
      waitTimer: env.waitTimer,
      deploymentBranches: env.deploymentBranches ?? null,
    },
    () =>
      gh.must(
        `${current ? 'update' : 'create'} environment "${env.name}"`,
        o =>
          o.request(
            'PUT /repos/{owner}/{repo}/environments/{environment_name}',
            {
              ...params,
              wait_timer: env.waitTimer,
              prevent_self_review: env.preventSelfReview,
              reviewers,
              deployment_branch_policy: wantedPolicy,
            },
          ) as any,
      ),
  );
  logger.info(
    `${current ? 'Updated' : 'Created'} GitHub environment ${env.name}${
      reviewers.length ? ` with ${reviewers.length} required reviewer(s)` : ''
    }.`,
  );
  return current ? 'updated' : 'created';
}

/** Adds missing branch name patterns to a custom deployment branch policy. */
export async function ensureBranchPolicies(
  gh: GithubClient,
  audit: AuditContext,
  logger: Logger,
  env: EnvironmentSettings,
): Promise<string[]> {
  if (!env.deploymentBranches?.length) return [];
  const { owner, repo } = gh.ref;
  const params = { owner, repo, environment_name: env.name };
  const list = await gh.must<any>(
    `list deployment branch policies of "${env.name}"`,
    o =>
      o.request(
        'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
        { ...params, per_page: 100 },
      ) as any,
  );
  const existing = new Set<string>(
    (list?.branch_policies ?? []).map((p: any) => p.name),
  );
  const added: string[] = [];
  for (const pattern of env.deploymentBranches) {
    if (existing.has(pattern)) continue;
    await audited(
      audit,
      'github-deployment-branch-policy-create',
      { repository: `${owner}/${repo}`, environment: env.name, pattern },
      () =>
        gh.must(
          `add deployment branch "${pattern}" to "${env.name}"`,
          o =>
            o.request(
              'POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
              { ...params, name: pattern, type: 'branch' },
            ) as any,
        ),
    );
    added.push(pattern);
  }
  if (added.length)
    logger.info(
      `Environment ${env.name} may now deploy from ${added.join(', ')}.`,
    );
  return added;
}
