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
import { ArgoCdRegisterInput, resolveArgoCdSpec } from './argocdSpec';
import { examples } from './argocdRegister.examples';

export const ARGOCD_REGISTER_ACTION_ID = 'eks:argocd:register';

export interface ArgoCdRegisterActionOptions {
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
      input: {
        mode: z =>
          z
            .enum(['gitops', 'api'], {
              description:
                'gitops (default): pull request to the GitOps repository; api: create through the Argo CD REST API (upsert).',
            })
            .optional(),
        instance: z =>
          z
            .string({
              description:
                'Argo CD instance name from eksPlatform.argocd.instances. Default: the first one.',
            })
            .optional(),
        name: z =>
          z.string({
            description:
              'Service name (DNS label, at most 53 characters). Applications are named <name>-<environment>.',
          }),
        project: z =>
          z
            .string({ description: 'Argo CD project. Default "default".' })
            .optional(),
        namespace: z =>
          z.string({
            description: 'Kubernetes namespace the service is deployed to.',
          }),
        environments: z =>
          z.array(z.string(), {
            description: 'Environments, e.g. ["dev", "stage", "prod"].',
          }),
        chartRepoUrl: z =>
          z.string({
            description:
              'Repository URL of the Helm chart: a Git repository (with chartPath) or a Helm/OCI repository (with chartName).',
          }),
        chartPath: z =>
          z
            .string({
              description:
                'Path of the chart in the Git repository. Default "chart".',
            })
            .optional(),
        chartName: z =>
          z
            .string({
              description:
                'Chart name in a Helm repository (instead of chartPath).',
            })
            .optional(),
        targetRevision: z =>
          z
            .string({
              description: 'Git revision or chart version. Default "HEAD".',
            })
            .optional(),
        valueFiles: z =>
          z
            .array(z.string(), {
              description:
                'Helm value files in the chart source; "{env}" is replaced by the environment. Default ["values.yaml", "values-{env}.yaml"] (missing files are ignored).',
            })
            .optional(),
        commonValues: z =>
          z
            .record(z.any(), {
              description:
                "gitops mode: Helm values written to every environment's values.yaml.",
            })
            .optional(),
        values: z =>
          z
            .record(z.record(z.any()), {
              description:
                'gitops mode: Helm values per environment (merged over commonValues), e.g. { prod: { replicaCount: 3 } }.',
            })
            .optional(),
        destination: z =>
          z
            .record(
              z.object({
                server: z.string().optional(),
                name: z.string().optional(),
                namespace: z.string().optional(),
              }),
              {
                description:
                  'Destination cluster per environment: { <env>: { server: <API URL> } or { name: <cluster name> }, namespace? }. Default: the in-cluster server and "namespace".',
              },
            )
            .optional(),
        syncPolicy: z =>
          z
            .object(
              {
                automated: z.boolean().optional(),
                prune: z.boolean().optional(),
                selfHeal: z.boolean().optional(),
                createNamespace: z.boolean().optional(),
              },
              {
                description: 'Sync policy; every flag defaults to true.',
              },
            )
            .optional(),
        gitopsRepoUrl: z =>
          z
            .string({
              description:
                'gitops mode: GitOps repository in RepoUrlPicker format ("github.com?owner=o&repo=r"). Default eksPlatform.gitops.repoUrl.',
            })
            .optional(),
        gitopsBaseBranch: z =>
          z
            .string({
              description:
                'gitops mode: branch the pull request targets. Default eksPlatform.gitops.baseBranch, else "main".',
            })
            .optional(),
        gitopsPath: z =>
          z
            .string({
              description:
                'gitops mode: folder holding <name>/<env>/{values,application}.yaml. Default "apps".',
            })
            .optional(),
      },
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
      const input = ctx.input as ArgoCdRegisterInput;
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
