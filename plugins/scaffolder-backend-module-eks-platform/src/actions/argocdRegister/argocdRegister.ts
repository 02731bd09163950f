import {
  CallPolicy,
  GithubClient,
  UpstreamError,
  createArgoCdClient,
  githubAccess,
  parseGithubRepoUrl,
  readArgoCdInstances,
  readEcrConfig,
  readGitOpsConfig,
} from '@internal/backstage-plugin-eks-platform-node';
import { AuditorService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { GithubCredentialsProvider } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import { AuditContext } from '../../lib/audit';
import {
  ServiceTrustOptions,
  resolveServiceTrust,
} from '../../lib/serviceTrust';
import { registerThroughApi } from './argocdApiMode';
import { registerThroughGitOps, registrationBranch } from './argocdGitOpsMode';
import { argocdRegisterInput } from './argocdRegister.input';
import { examples } from './argocdRegister.examples';
import { resolveRegistrationPlan } from './argocdSpec';

export const ARGOCD_REGISTER_ACTION_ID = 'eks:argocd:register';

export interface ArgoCdRegisterActionOptions extends ServiceTrustOptions {
  config: Config;
  auditor: AuditorService;
  /** Defaults to DefaultGithubCredentialsProvider over the config's integrations. */
  githubCredentialsProvider?: GithubCredentialsProvider;
  callPolicy?: CallPolicy;
}

/**
 * eks:argocd:register: registers a service's Applications, one per platform
 * environment, in its team's AppProject, either the GitOps way (a pull
 * request to the GitOps repository, default) or through the REST API.
 * Destinations, namespaces, the project and sync policies come from
 * platform config; an object of another owner, or without an owner marker,
 * is never changed.
 */
export function createArgoCdRegisterAction(
  options: ArgoCdRegisterActionOptions,
) {
  const { config, auditor, platformPolicy } = options;
  const instances = readArgoCdInstances(config);
  const gitops = readGitOpsConfig(config);
  const ecr = readEcrConfig(config);
  const { integrations, credentialsProvider, callPolicy } = githubAccess(
    config,
    options,
  );

  return createTemplateAction({
    id: ARGOCD_REGISTER_ACTION_ID,
    description:
      "Registers a service in Argo CD: one Application per platform environment (destination, namespace and sync policy from eksPlatform.environments) in the owning team's AppProject, through a pull request to the GitOps repository (mode gitops, default) or the Argo CD API (mode api). Refuses another team's or unmarked objects. Idempotent.",
    examples,
    supportsDryRun: true,
    schema: {
      input: argocdRegisterInput,
      output: {
        applicationNames: z =>
          z.array(z.string(), {
            description: 'Application names, one per environment.',
          }),
        project: z =>
          z.string({ description: "The team's Argo CD AppProject." }),
        namespaces: z =>
          z.record(z.string(), {
            description: 'Destination namespace per environment.',
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
      // Shape and platform allow-lists, then who asks for which owner (as
      // every eks:* action: the catalog's owner of a registered service, the
      // caller's membership, adoptExisting only for admins), before any call.
      const plan = resolveRegistrationPlan(
        ctx.input,
        platformPolicy,
        instances,
        ecr,
      );
      const { caller } = await resolveServiceTrust(options, ctx, {
        serviceName: plan.service,
        owner: plan.marker.ownerRef,
        adoptExisting: plan.adoptExisting,
      });
      const repoRef = parseGithubRepoUrl(
        'eksPlatform.gitops.repoUrl',
        requireGitopsRepoUrl(gitops.repoUrl),
        integrations,
      );

      const first = plan.environments[0].instance;
      ctx.output(
        'applicationNames',
        plan.environments.map(e => e.applicationName),
      );
      ctx.output('project', plan.project);
      ctx.output(
        'namespaces',
        Object.fromEntries(
          plan.environments.map(e => [e.env, e.destination.namespace]),
        ),
      );
      ctx.output(
        'url',
        `${first.uiUrl.replace(
          /\/+$/,
          '',
        )}/applications?labels=${encodeURIComponent(
          `app.kubernetes.io/name=${plan.service}`,
        )}`,
      );
      ctx.output(
        'applicationUrls',
        Object.fromEntries(
          plan.environments.map(e => [
            e.env,
            `${e.instance.uiUrl.replace(/\/+$/, '')}/applications/${
              e.instance.namespace
            }/${e.applicationName}`,
          ]),
        ),
      );

      if (ctx.isDryRun) {
        ctx.logger.info(
          plan.mode === 'gitops'
            ? `Dry run: would propose ${plan.environments
                .map(e => e.applicationName)
                .join(', ')} in project ${plan.project} to ${repoRef.owner}/${
                repoRef.repo
              } (${gitops.baseBranch}); no GitHub or Argo CD call made.`
            : `Dry run: would create or reconcile project ${
                plan.project
              } and ${plan.environments
                .map(e => e.applicationName)
                .join(', ')} through the Argo CD API; no call made.`,
        );
        return;
      }

      const audit: AuditContext = {
        auditor,
        actionId: ARGOCD_REGISTER_ACTION_ID,
        taskId: ctx.task.id,
        userRef: ctx.user?.ref,
      };
      const gh = await GithubClient.create({
        integrations,
        credentialsProvider,
        ref: repoRef,
        policy: callPolicy,
        signal: ctx.signal,
      });
      const done: string[] = [];
      try {
        const repository = await gh.must('read repository', o =>
          o.rest.repos.get({ owner: repoRef.owner, repo: repoRef.repo }),
        );
        const source = {
          cloneUrl: repository.clone_url,
          baseBranch: gitops.baseBranch,
        };
        if (plan.mode === 'api') {
          await registerThroughApi({
            plan,
            gitops: source,
            clientFor: instance =>
              createArgoCdClient(instance, callPolicy, ctx.signal),
            caller,
            audit,
            logger: ctx.logger,
            done,
            ctx,
          });
          return;
        }
        const result = await ctx.checkpoint({
          key: `eks.argocd.gitops.${repoRef.host}.${repoRef.owner}.${
            repoRef.repo
          }.${gitops.baseBranch}.${plan.service}.${
            plan.marker.ownerRef
          }.${plan.environments.map(e => e.env).join('+')}`,
          fn: async (): Promise<JsonObject> => {
            const r = await registerThroughGitOps({
              plan,
              gh,
              gitops: source,
              caller,
              actionId: ARGOCD_REGISTER_ACTION_ID,
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
        if (error instanceof UpstreamError && plan.mode === 'api') {
          ctx.logger.error(
            `Argo CD registration failed. Already in place: ${
              done.length ? done.join(', ') : 'nothing'
            }. Re-running the task is safe: existing objects of this service are reconciled, not duplicated.`,
          );
        } else if (error instanceof UpstreamError) {
          ctx.logger.error(
            `GitOps pull request failed; nothing was merged. The branch ${registrationBranch(
              plan.service,
            )} may already exist: re-running the task reuses it and its pull request, never duplicates them.`,
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
      'No GitOps repository is configured: set eksPlatform.gitops.repoUrl ("github.com?owner=o&repo=r") in app-config; Argo CD reads every environment\'s values from it.',
    );
  }
  return value;
}
