import {
  CallPolicy,
  createArgoCdClient,
  githubAccess,
  GithubClient,
  parseGithubRepoUrl,
  readArgoCdInstances,
  readGitOpsConfig,
  selectArgoCdInstance,
  UpstreamError,
} from '@internal/backstage-plugin-eks-platform-node';
import { AuditorService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { GithubCredentialsProvider } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import { AuditContext } from '../../lib/audit';
import { registerThroughApi } from './argocdApiMode';
import { registerThroughGitOps } from './argocdGitOpsMode';
import { resolveArgoCdSpec } from './argocdSpec';
import { argocdRegisterInput } from './argocdRegister.input';
import { TrustOptions } from '../../lib/trustOptions';
import { examples } from './argocdRegister.examples';

export const ARGOCD_REGISTER_ACTION_ID = 'eks:argocd:register';

export interface ArgoCdRegisterActionOptions extends TrustOptions {
  config: Config;
  auditor: AuditorService;
  /** Defaults to DefaultGithubCredentialsProvider over the config's integrations. */
  githubCredentialsProvider?: GithubCredentialsProvider;
  callPolicy?: CallPolicy;
}

/**
 * eks:argocd:register: registers a service's Applications (one per
 * environment) with an Argo CD instance, either the GitOps way (a pull
 * request to the GitOps repository, default) or through the REST API.
 */
export function createArgoCdRegisterAction(
  options: ArgoCdRegisterActionOptions,
) {
  const { config, auditor } = options;
  const instances = readArgoCdInstances(config);
  const gitops = readGitOpsConfig(config);
  const { integrations, credentialsProvider, callPolicy } = githubAccess(
    config,
    options,
  );

  return createTemplateAction({
    id: ARGOCD_REGISTER_ACTION_ID,
    description:
      'Registers a service in Argo CD, one Application per environment: through a pull request to the GitOps repository (mode gitops, default) or the Argo CD API (mode api). Idempotent.',
    examples,
    supportsDryRun: true,
    schema: {
      input: argocdRegisterInput,
      output: {
        applicationNames: z =>
          z.array(z.string(), {
            description: 'Application names, one per environment.',
          }),
        url: z =>
          z.string({
            description: "Argo CD UI link listing the service's applications.",
          }),
        applicationUrls: z =>
          z.record(z.string(), {
            description: 'Argo CD UI link per environment.',
          }),
        pullRequestUrl: z =>
          z
            .string({
              description:
                'gitops mode: the pull request, unless the GitOps repository was already up to date.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const spec = resolveArgoCdSpec(input);
      const instance = selectArgoCdInstance(instances, input.instance);
      const baseBranch = input.gitopsBaseBranch ?? gitops.baseBranch;
      if (
        !/^[A-Za-z0-9._/-]{1,200}$/.test(baseBranch) ||
        baseBranch.includes('..')
      ) {
        throw new InputError(
          `Invalid input "gitopsBaseBranch": ${JSON.stringify(
            baseBranch,
          )} is not a branch name.`,
        );
      }
      const repoRef =
        spec.mode === 'gitops'
          ? parseGithubRepoUrl(
              'gitopsRepoUrl',
              requireGitopsRepoUrl(input.gitopsRepoUrl ?? gitops.repoUrl),
              integrations,
            )
          : undefined;

      const ui = instance.uiUrl.replace(/\/+$/, '');
      const applicationNames = spec.environments.map(e => e.applicationName);
      ctx.output('applicationNames', applicationNames);
      ctx.output(
        'url',
        `${ui}/applications?labels=${encodeURIComponent(
          `app.kubernetes.io/name=${spec.name}`,
        )}`,
      );
      ctx.output(
        'applicationUrls',
        Object.fromEntries(
          spec.environments.map(e => [
            e.env,
            `${ui}/applications/${instance.namespace}/${e.applicationName}`,
          ]),
        ),
      );

      if (ctx.isDryRun) {
        ctx.logger.info(
          spec.mode === 'gitops'
            ? `Dry run: would propose ${applicationNames.join(', ')} to ${
                repoRef?.owner
              }/${
                repoRef?.repo
              } (${baseBranch}); no GitHub or Argo CD call made.`
            : `Dry run: would create or update ${applicationNames.join(
                ', ',
              )} on Argo CD instance ${instance.name}; no Argo CD call made.`,
        );
        return;
      }

      const audit: AuditContext = {
        auditor,
        actionId: ARGOCD_REGISTER_ACTION_ID,
        taskId: ctx.task.id,
        userRef: ctx.user?.ref,
      };
      const done: string[] = [];
      try {
        if (spec.mode === 'api') {
          await registerThroughApi({
            spec,
            instance,
            client: createArgoCdClient(instance, callPolicy, ctx.signal),
            audit,
            logger: ctx.logger,
            done,
            checkpoint: (key, fn) => ctx.checkpoint({ key, fn }),
          });
          return;
        }
        const ref = repoRef!;
        const result = await ctx.checkpoint({
          key: `eks.argocd.gitops.${ref.host}.${ref.owner}.${
            ref.repo
          }.${baseBranch}.${spec.name}.${spec.environments
            .map(e => e.env)
            .join('+')}`,
          fn: async (): Promise<JsonObject> => {
            const gh = await GithubClient.create({
              integrations,
              credentialsProvider,
              ref,
              policy: callPolicy,
              signal: ctx.signal,
            });
            const r = await registerThroughGitOps({
              spec,
              instance,
              gh,
              baseBranch,
              audit,
              logger: ctx.logger,
            });
            return r.pullRequestUrl ? { pullRequestUrl: r.pullRequestUrl } : {};
          },
        });
        if (typeof result.pullRequestUrl === 'string') {
          ctx.output('pullRequestUrl', result.pullRequestUrl);
        }
      } catch (error) {
        if (error instanceof UpstreamError && spec.mode === 'api') {
          ctx.logger.error(
            `Argo CD registration failed. Already in place: ${
              done.length ? done.join(', ') : 'nothing'
            }. Re-running the task is safe: existing applications are updated, not duplicated.`,
          );
        } else if (error instanceof UpstreamError) {
          ctx.logger.error(
            `GitOps pull request failed; nothing was merged. The branch backstage/eks-platform/${spec.name} may already exist: re-running the task reuses it and its pull request, never duplicates them.`,
          );
        }
        throw error;
      }
    },
  });
}

function requireGitopsRepoUrl(value: string | undefined): string {
  if (!value) {
    throw new InputError(
      'Missing input "gitopsRepoUrl": pass the GitOps repository ("github.com?owner=o&repo=r") or set eksPlatform.gitops.repoUrl in app-config.',
    );
  }
  return value;
}
