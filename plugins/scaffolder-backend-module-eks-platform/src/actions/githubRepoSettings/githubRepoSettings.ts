import {
  CallPolicy,
  canonicalEntityRef,
  entityName,
  githubAccess,
  GithubClient,
  parseGithubRepoUrl,
  readArgoCdInstances,
  readEcrConfig,
  readGitOpsConfig,
  UpstreamError,
} from '@internal/backstage-plugin-eks-platform-node';
import { AuditorService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { GithubCredentialsProvider } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AuditContext } from '../../lib/audit';
import { environmentStep, variableStep } from './githubSettingsApply';
import { environmentSecretStep } from './githubSecretStep';
import { PROMOTION_TOKEN_SECRET, promotionSettings } from './promotionSettings';
import { checkRepositoryOwnership } from './githubRepoOwnership';
import { scopeGithubSettings } from './githubSettingsScope';
import { resolveGithubSettingsSpec } from './githubSettingsSpec';
import { githubRepoSettingsInput } from './githubRepoSettings.input';
import { PreparedStep, runPreparedSteps } from '../../lib/preparedSteps';
import {
  resolveServiceTrust,
  ServiceTrustOptions,
} from '../../lib/serviceTrust';
import { examples } from './githubRepoSettings.examples';

export const GITHUB_REPO_CONFIGURE_ACTION_ID = 'eks:github:repo:configure';

export interface GithubRepoSettingsActionOptions extends ServiceTrustOptions {
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
 * environment variables. Only the service's own repository (its
 * catalog-info.yaml declares the service and owner), only the platform's
 * registry and accounts, and environments only ever gain protection. See
 * the README for why the built-in publish:github /
 * github:environment:create do not cover this.
 */
export function createGithubRepoSettingsAction(
  options: GithubRepoSettingsActionOptions,
) {
  const { config, auditor } = options;
  const { integrations, credentialsProvider, callPolicy } = githubAccess(
    config,
    options,
  );
  const ecrConfig = readEcrConfig(config);
  const argocdInstances = readArgoCdInstances(config);
  const gitops = readGitOpsConfig(config);

  return createTemplateAction({
    id: GITHUB_REPO_CONFIGURE_ACTION_ID,
    description:
      "Sets the GitHub Actions variables and deployment environments (with required reviewers) that the generated pipelines need, on the service's own repository; environments only ever gain protection. Creates or updates; safe to re-run.",
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
      // Shape, who asks for which owner, then platform allow-lists: all
      // before any GitHub call.
      const spec = resolveGithubSettingsSpec(ctx.input);
      const ref = parseGithubRepoUrl('repoUrl', spec.repoUrl, integrations);
      const serviceName =
        ctx.input.entityRef === undefined
          ? ref.repo.toLowerCase()
          : entityName(canonicalEntityRef(ctx.input.entityRef) ?? '');
      const trust = await resolveServiceTrust(options, ctx, {
        serviceName,
        entityRef: ctx.input.entityRef,
        owner: ctx.input.owner,
        adoptExisting: ctx.input.adoptExisting,
      });
      scopeGithubSettings(ctx.input, ref, {
        policy: options.platformPolicy,
        ecrConfig,
        serviceName,
      });
      // What the release workflow's promotion reads, from config only.
      const promotion = promotionSettings({
        gitopsRepo: gitops.repoUrl
          ? parseGithubRepoUrl(
              'eksPlatform.gitops.repoUrl',
              gitops.repoUrl,
              integrations,
            )
          : undefined,
        instances: argocdInstances,
        policy: options.platformPolicy,
        environmentNames: spec.environments.map(e => e.name),
      });
      const variables = { ...spec.variables, ...promotion.variables };
      const environments = spec.environments.map(env => ({
        ...env,
        variables: {
          ...env.variables,
          ...(promotion.environments[env.name]
            ? { ARGOCD_URL: promotion.environments[env.name].argocdUrl }
            : {}),
        },
      }));
      ctx.output('variableNames', Object.keys(variables));
      ctx.output(
        'environmentNames',
        environments.map(e => e.name),
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would set ${
            Object.keys(variables).length
          } variable(s) and ${environments.length} environment(s) on ${
            ref.owner
          }/${ref.repo} for ${trust.requested.entityRef}; no GitHub call made.`,
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
        userRef: trust.caller.userEntityRef,
      };
      const log = ctx.logger;
      const key = `eks.github.${ref.host}.${ref.owner}.${ref.repo}`;
      const steps: PreparedStep[] = [
        ...Object.entries(variables).map(([name, value]) =>
          variableStep(gh, audit, log, `${key}.variable.${name}`, name, value),
        ),
        ...environments.flatMap(env => [
          environmentStep(
            gh,
            audit,
            log,
            `${key}.environment.${env.name}`,
            env,
          ),
          ...Object.entries(env.variables).map(([name, value]) =>
            variableStep(
              gh,
              audit,
              log,
              `${key}.environment.${env.name}.variable.${name}`,
              name,
              value,
              env.name,
            ),
          ),
          ...(promotion.environments[env.name]?.argocdToken
            ? [
                environmentSecretStep(
                  gh,
                  audit,
                  log,
                  `${key}.environment.${env.name}.secret.${PROMOTION_TOKEN_SECRET}`,
                  PROMOTION_TOKEN_SECRET,
                  promotion.environments[env.name].argocdToken!,
                  env.name,
                ),
              ]
            : []),
        ]),
      ];
      const done: string[] = [];
      try {
        // Read-only, before the steps are prepared: the repository is ours.
        await checkRepositoryOwnership(gh, trust);
        await runPreparedSteps(ctx, steps, done);
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
