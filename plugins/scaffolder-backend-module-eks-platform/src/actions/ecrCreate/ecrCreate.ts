import {
  CallPolicy,
  createEcrCaller,
  readCallPolicy,
  readEcrConfig,
  UpstreamError,
} from '@internal/backstage-plugin-eks-platform-node';
import { AuditorService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AuditContext } from '../../lib/audit';
import {
  RepositoryState,
  reconcileLifecycle,
  reconcilePullPolicy,
  reconcileSettings,
  reconcileTags,
} from './ecrReconcile';
import { repositoryStep } from './ecrRepositoryStep';
import { ecrServiceName, resolveEcrSpec, scopeEcrSpec } from './ecrSpec';
import { ecrCreateInput } from './ecrCreate.input';
import { runPreparedSteps } from '../../lib/preparedSteps';
import {
  resolveServiceTrust,
  ServiceTrustOptions,
} from '../../lib/serviceTrust';
import { examples } from './ecrCreate.examples';

export const ECR_CREATE_ACTION_ID = 'eks:ecr:create';

export interface EcrCreateActionOptions extends ServiceTrustOptions {
  config: Config;
  auditor: AuditorService;
  /** Defaults to DefaultAwsCredentialsManager.fromConfig(config). */
  credentialsManager?: AwsCredentialsManager;
  /** Defaults to eksPlatform.actions (timeouts, retries). */
  callPolicy?: CallPolicy;
}

/**
 * eks:ecr:create: creates an ECR repository with the service's owner
 * marker, or reconciles the settings (tag mutability, scan on push,
 * lifecycle policy, cross-account pull policy, tags) of the one this
 * service and owner created before. Another team's or an unmarked
 * repository is refused before anything is written.
 */
export function createEcrCreateAction(options: EcrCreateActionOptions) {
  const { config, auditor } = options;
  const ecrConfig = readEcrConfig(config);
  const callPolicy = options.callPolicy ?? readCallPolicy(config);
  let credentialsManager = options.credentialsManager;

  return createTemplateAction({
    id: ECR_CREATE_ACTION_ID,
    description:
      "Creates an ECR repository with scan on push, tag immutability, encryption, a lifecycle policy, cross-account pull access and tags, marked with the service's owner; reconciles the service's own repository on a re-run and refuses anyone else's.",
    examples,
    supportsDryRun: true,
    schema: {
      input: ecrCreateInput,
      output: {
        repositoryUri: z =>
          z.string({
            description:
              'Image repository URI, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments',
          }),
        repositoryArn: z => z.string({ description: 'Repository ARN' }),
        registryId: z =>
          z.string({ description: 'Registry (account) ID of the repository' }),
      },
    },
    async handler(ctx) {
      // Shape, who asks for which owner, then platform allow-lists: all
      // before any AWS call.
      const shaped = resolveEcrSpec(ctx.input, ecrConfig);
      const trust = await resolveServiceTrust(options, ctx, {
        serviceName: ecrServiceName(shaped.repositoryName),
        entityRef: ctx.input.entityRef,
        owner: ctx.input.owner,
        adoptExisting: ctx.input.adoptExisting,
      });
      const spec = scopeEcrSpec(shaped, ecrConfig, options.platformPolicy);
      const where = `${spec.accountId}/${spec.region}/${spec.repositoryName}`;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create or reconcile ECR repository ${where}; no AWS call made.`,
        );
        ctx.output('registryId', spec.accountId);
        ctx.output(
          'repositoryUri',
          `${spec.accountId}.dkr.ecr.${spec.region}.amazonaws.com/${spec.repositoryName}`,
        );
        ctx.output(
          'repositoryArn',
          `arn:aws:ecr:${spec.region}:${spec.accountId}:repository/${spec.repositoryName}`,
        );
        return;
      }

      credentialsManager ??= DefaultAwsCredentialsManager.fromConfig(config);
      const ecr = await createEcrCaller({
        credentialsManager,
        accountId: spec.accountId,
        region: spec.region,
        endpoint: ecrConfig.endpoint,
        policy: callPolicy,
        signal: ctx.signal,
      });
      const audit: AuditContext = {
        auditor,
        actionId: ECR_CREATE_ACTION_ID,
        taskId: ctx.task.id,
        userRef: trust.caller.userEntityRef,
      };
      const key = `eks.ecr.${where}`;
      const done: string[] = [];
      try {
        const [repo] = (await runPreparedSteps(
          ctx,
          [repositoryStep(ecr, spec, trust, audit, ctx.logger)],
          done,
        )) as RepositoryState[];

        if (repo.existed) {
          await ctx.checkpoint({
            key: `${key}.settings`,
            fn: () => reconcileSettings(ecr, spec, repo, audit, ctx.logger),
          });
          done.push('tag mutability and scan settings');
        }
        await ctx.checkpoint({
          key: `${key}.lifecycle`,
          fn: () => reconcileLifecycle(ecr, spec, audit, ctx.logger),
        });
        done.push('lifecycle policy');
        if (spec.pullAccountIds) {
          await ctx.checkpoint({
            key: `${key}.policy`,
            fn: () => reconcilePullPolicy(ecr, spec, audit, ctx.logger),
          });
          done.push('repository policy');
        }
        if (Object.keys(spec.tags).length > 0) {
          await ctx.checkpoint({
            key: `${key}.tags`,
            fn: () => reconcileTags(ecr, spec, repo.arn, audit, ctx.logger),
          });
          done.push('tags');
        }
        ctx.output('repositoryUri', repo.uri);
        ctx.output('repositoryArn', repo.arn);
        ctx.output('registryId', repo.registryId);
      } catch (error) {
        if (error instanceof UpstreamError) {
          ctx.logger.error(
            `ECR step failed. Already in place: ${
              done.length ? done.join(', ') : 'nothing'
            }. Re-running the task is safe: existing resources are reconciled, not duplicated.`,
          );
        }
        throw error;
      }
    },
  });
}
