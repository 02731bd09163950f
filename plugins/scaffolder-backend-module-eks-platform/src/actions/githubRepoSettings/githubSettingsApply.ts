import { GithubClient } from '@internal/backstage-plugin-eks-platform-node';
import { AuditContext, audited } from '../../lib/audit';
import { PreparedStep } from '../../lib/preparedSteps';
import {
  Protection,
  Reviewer,
  currentProtection,
  mergeProtection,
  sameProtection,
} from './environmentProtection';
import { EnvironmentSettings } from './githubSettingsSpec';

type Logger = { info(m: string): void; warn(m: string): void };

/**
 * One Actions variable: repository level when `env` is undefined,
 * environment level otherwise. Read first, then created or updated (the
 * built-in actions only POST, which fails with 409 once it exists).
 */
export function variableStep(
  gh: GithubClient,
  audit: AuditContext,
  logger: Logger,
  key: string,
  name: string,
  value: string,
  env?: string,
): PreparedStep {
  const { owner, repo } = gh.ref;
  const base = env
    ? `/repos/{owner}/{repo}/environments/{environment_name}/variables`
    : `/repos/{owner}/{repo}/actions/variables`;
  const params = { owner, repo, ...(env ? { environment_name: env } : {}) };
  const where = env ? `environment ${env}` : 'repository';
  const meta = {
    repository: `${owner}/${repo}`,
    variable: name,
    environment: env ?? null,
  };
  return {
    key,
    label: env ? `variable ${name} (${env})` : `variable ${name}`,
    async prepare() {
      const current = await gh.call<{ value?: string }>(
        `read variable ${name} (${where})`,
        o => o.request(`GET ${base}/{name}`, { ...params, name }) as any,
        { accept: [404] },
      );
      return async () => {
        if (current?.value === value) {
          logger.info(`GitHub variable ${name} (${where}) already set.`);
          return 'unchanged';
        }
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
            o =>
              o.request(`PATCH ${base}/{name}`, {
                ...params,
                name,
                value,
              }) as any,
          ),
        );
        logger.info(`Updated GitHub variable ${name} (${where}).`);
        return 'updated';
      };
    },
  };
}

/** Resolves logins and team slugs to the numeric ids the environment API needs. */
export async function resolveReviewers(
  gh: GithubClient,
  env: EnvironmentSettings,
): Promise<Reviewer[]> {
  const reviewers: Reviewer[] = [];
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

async function readProtection(
  gh: GithubClient,
  env: string,
): Promise<Protection | undefined> {
  const params = {
    owner: gh.ref.owner,
    repo: gh.ref.repo,
    environment_name: env,
  };
  const environment = await gh.call<any>(
    `read environment "${env}"`,
    o =>
      o.request(
        'GET /repos/{owner}/{repo}/environments/{environment_name}',
        params,
      ) as any,
    { accept: [404] },
  );
  if (!environment) return undefined;
  let patterns: string[] = [];
  if (environment.deployment_branch_policy?.custom_branch_policies) {
    const list = await gh.must<any>(
      `list deployment branch policies of "${env}"`,
      o =>
        o.request(
          'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
          { ...params, per_page: 100 },
        ) as any,
    );
    patterns = (list?.branch_policies ?? []).map((p: any) => String(p.name));
  }
  return currentProtection(environment, patterns);
}

/**
 * A deployment environment whose protection only ever grows: the existing
 * protection is read, merged with the requested one (mergeProtection), and
 * written only when that adds something. Unknown reviewers and a merge
 * beyond six reviewers fail in `prepare`, before anything is written.
 */
export function environmentStep(
  gh: GithubClient,
  audit: AuditContext,
  logger: Logger,
  key: string,
  env: EnvironmentSettings,
): PreparedStep {
  const { owner, repo } = gh.ref;
  const params = { owner, repo, environment_name: env.name };
  return {
    key,
    label: `environment ${env.name}`,
    async prepare() {
      const reviewers = await resolveReviewers(gh, env);
      const current = await readProtection(gh, env.name);
      const merged = mergeProtection(env.name, current, {
        reviewers,
        preventSelfReview: env.preventSelfReview,
        waitTimer: env.waitTimer,
        branchPatterns: [],
        deploymentBranches: env.deploymentBranches,
      });
      return async () => {
        if (merged.widening.length) {
          logger.warn(
            `GitHub environment ${
              env.name
            } keeps its branch rule; not added: ${merged.widening.join(
              ', ',
            )} (it would let more branches deploy; change the rule in GitHub if that is wanted).`,
          );
        }
        if (current && sameProtection(current, merged)) {
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
            reviewers: merged.reviewers.map(r => `${r.type}:${r.id}`),
            waitTimer: merged.waitTimer,
            deploymentBranches: merged.branchPatterns,
          },
          () =>
            gh.must(
              `${current ? 'update' : 'create'} environment "${env.name}"`,
              o =>
                o.request(
                  'PUT /repos/{owner}/{repo}/environments/{environment_name}',
                  {
                    ...params,
                    wait_timer: merged.waitTimer,
                    prevent_self_review: merged.preventSelfReview,
                    reviewers: merged.reviewers,
                    deployment_branch_policy: merged.branchPolicy,
                  },
                ) as any,
            ),
        );
        for (const pattern of merged.addPatterns) {
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
        }
        logger.info(
          `${current ? 'Updated' : 'Created'} GitHub environment ${env.name}${
            merged.reviewers.length
              ? ` with ${merged.reviewers.length} required reviewer(s)`
              : ''
          }${
            merged.addPatterns.length
              ? `; may deploy from ${merged.addPatterns.join(', ')}`
              : ''
          }.`,
        );
        return current ? 'updated' : 'created';
      };
    },
  };
}
