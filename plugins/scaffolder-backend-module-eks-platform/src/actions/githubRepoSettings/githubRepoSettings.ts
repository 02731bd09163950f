import {
  CallPolicy,
  githubAccess,
  GithubClient,
  parseGithubRepoUrl,
  UpstreamError,
} from '@internal/backstage-plugin-eks-platform-node';
import { AuditorService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { GithubCredentialsProvider } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AuditContext } from '../../lib/audit';
import {
  ensureBranchPolicies,
  resolveReviewers,
  upsertEnvironment,
  upsertVariable,
} from './githubSettingsApply';
import { resolveGithubSettingsSpec } from './githubSettingsSpec';
import { githubRepoSettingsInput } from './githubRepoSettings.input';
import { TrustOptions } from '../../lib/trustOptions';
import { examples } from './githubRepoSettings.examples';

export const GITHUB_REPO_CONFIGURE_ACTION_ID = 'eks:github:repo:configure';

export interface GithubRepoSettingsActionOptions extends TrustOptions {
  config: Config;
  auditor: AuditorService;
  githubCredentialsProvider?: GithubCredentialsProvider;
  callPolicy?: CallPolicy;
}

/**
 * eks:github:repo:configure: the repository settings the generated pipelines
 * need, applied idempotently to an existing repository: Actions variables
 * (AWS role ARN, region, ECR registry and repository), deployment
 * environments with required reviewers, wait timers, branch policies and
 * environment variables. See the README for why the built-in
 * publish:github / github:environment:create do not cover this.
 */
export function createGithubRepoSettingsAction(
  options: GithubRepoSettingsActionOptions,
) {
  const { config, auditor } = options;
  const { integrations, credentialsProvider, callPolicy } = githubAccess(
    config,
    options,
  );

  return createTemplateAction({
    id: GITHUB_REPO_CONFIGURE_ACTION_ID,
    description:
      'Sets the GitHub Actions variables and deployment environments (with required reviewers) that the generated pipelines need. Creates or updates; safe to re-run.',
    examples,
    supportsDryRun: true,
    schema: {
      input: githubRepoSettingsInput,
      output: {
        variableNames: z =>
          z.array(z.string(), { description: 'Repository variables set.' }),
        environmentNames: z =>
          z.array(z.string(), {
            description: 'Environments created or updated.',
          }),
      },
    },
    async handler(ctx) {
      const spec = resolveGithubSettingsSpec(ctx.input);
      const ref = parseGithubRepoUrl('repoUrl', spec.repoUrl, integrations);
      ctx.output('variableNames', Object.keys(spec.variables));
      ctx.output(
        'environmentNames',
        spec.environments.map(e => e.name),
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would set ${
            Object.keys(spec.variables).length
          } variable(s) and ${spec.environments.length} environment(s) on ${
            ref.owner
          }/${ref.repo}; no GitHub call made.`,
        );
        return;
      }
      const gh = await GithubClient.create({
        integrations,
        credentialsProvider,
        ref,
        policy: callPolicy,
        signal: ctx.signal,
      });
      const audit: AuditContext = {
        auditor,
        actionId: GITHUB_REPO_CONFIGURE_ACTION_ID,
        taskId: ctx.task.id,
        userRef: ctx.user?.ref,
      };
      const key = `eks.github.${ref.host}.${ref.owner}.${ref.repo}`;
      const done: string[] = [];
      try {
        for (const [name, value] of Object.entries(spec.variables)) {
          await ctx.checkpoint({
            key: `${key}.variable.${name}`,
            fn: () => upsertVariable(gh, audit, ctx.logger, name, value),
          });
          done.push(`variable ${name}`);
        }
        for (const env of spec.environments) {
          await ctx.checkpoint({
            key: `${key}.environment.${env.name}`,
            fn: async () => {
              const reviewers = await resolveReviewers(gh, env);
              return upsertEnvironment(gh, audit, ctx.logger, env, reviewers);
            },
          });
          await ctx.checkpoint({
            key: `${key}.environment.${env.name}.branches`,
            fn: () => ensureBranchPolicies(gh, audit, ctx.logger, env),
          });
          done.push(`environment ${env.name}`);
          for (const [name, value] of Object.entries(env.variables)) {
            await ctx.checkpoint({
              key: `${key}.environment.${env.name}.variable.${name}`,
              fn: () =>
                upsertVariable(gh, audit, ctx.logger, name, value, env.name),
            });
            done.push(`variable ${name} (${env.name})`);
          }
        }
      } catch (error) {
        if (error instanceof UpstreamError) {
          ctx.logger.error(
            `GitHub repository settings failed. Already in place: ${
              done.length ? done.join(', ') : 'nothing'
            }. Re-running the task is safe.`,
          );
        }
        throw error;
      }
    },
  });
}
