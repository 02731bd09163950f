import {
  CallPolicy,
  checkGithubOrganization,
  githubAccess,
  GithubClient,
  parseGithubRepoUrl,
} from '@internal/backstage-plugin-eks-platform-node';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { GithubCredentialsProvider } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  resolveServiceTrust,
  ServiceTrustOptions,
} from '../../lib/serviceTrust';
import { examples } from './servicePreflight.examples';
import { inspectCatalog, inspectRepository } from './preflightChecks';
import { rerunReport } from './rerunReport';

export const SERVICE_PREFLIGHT_ACTION_ID = 'eks:service:preflight';

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

export interface ServicePreflightActionOptions extends ServiceTrustOptions {
  config: Config;
  githubCredentialsProvider?: GithubCredentialsProvider;
  callPolicy?: CallPolicy;
}

/**
 * eks:service:preflight: read-only checks before the first side effect.
 *
 * `publish:github` fails when the repository exists (422) and
 * `catalog:register` when the location exists (409), so a re-run of the
 * golden path, or a recovered task that starts over, would fail half-way.
 * This action finds out what a previous run already did, so the template can
 * skip exactly those steps with `if:`, and stops with a clear error when the
 * repository or catalog name belongs to something else, or to this service
 * under another owner: before anything is created. It also checks that the
 * user running the task is a member of the owner (of the registered service,
 * or the one chosen in the form for a new one).
 */
export function createServicePreflightAction(
  options: ServicePreflightActionOptions,
) {
  const { config } = options;
  const { integrations, credentialsProvider, callPolicy } = githubAccess(
    config,
    options,
  );

  return createTemplateAction({
    id: SERVICE_PREFLIGHT_ACTION_ID,
    description:
      "Checks, before any side effect, that the user belongs to the service's owner and whether the service repository and catalog entity already exist (from a previous run of the same owner) or belong to something or someone else. Read-only; outputs drive `if:` on publish and register steps.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z.string({
            description:
              'Repository in RepoUrlPicker format: "github.com?owner=o&repo=r".',
          }),
        componentName: z =>
          z.string({
            description:
              'metadata.name of the Component the repository describes.',
          }),
        owner: z =>
          z.string({
            description:
              'Group that owns the service (the owner chosen in the form), e.g. "group:default/team-a". The user running the task must be a member; an existing repository or entity of the same name must have this owner.',
          }),
        namespace: z =>
          z
            .string({
              description:
                'Catalog namespace of the Component. Default "default".',
            })
            .optional(),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'Path of the catalog file in the repository. Default "catalog-info.yaml".',
            })
            .optional(),
        description: z =>
          z
            .string({
              description:
                "The description the form asked for; on a re-run, compared with the catalog's (the output existingService says what was left unchanged).",
            })
            .optional(),
        system: z =>
          z
            .string({
              description:
                'The system the form asked for, compared on a re-run like description.',
            })
            .optional(),
        lifecycle: z =>
          z
            .string({
              description:
                'The lifecycle the form asked for, compared on a re-run like description.',
            })
            .optional(),
        defaultBranch: z =>
          z
            .string({
              description: 'Branch publish:github pushes to. Default "main".',
            })
            .optional(),
      },
      output: {
        repoExists: z =>
          z.boolean({ description: 'The repository exists already.' }),
        needsPublish: z =>
          z.boolean({
            description:
              'publish:github still has to run (no repository, or an empty one).',
          }),
        remoteUrl: z =>
          z
            .string({ description: 'Clone URL, when the repository exists.' })
            .optional(),
        repoContentsUrl: z =>
          z.string({ description: 'Browse URL of the default branch.' }),
        catalogInfoUrl: z =>
          z.string({
            description:
              "URL of the catalog file when the repository exists; before that, prefer publish:github's repoContentsUrl, which knows the host's web URL.",
          }),
        entityRegistered: z =>
          z.boolean({
            description:
              'The Component is already in the catalog from this repository.',
          }),
        entityRef: z =>
          z.string({ description: 'Entity ref of the Component.' }),
        existingService: z =>
          z.string({
            description:
              'Markdown for the task page: whether the service existed already, what this run therefore left unchanged (catalog fields that differ from the form, generated files) and how to change it.',
          }),
      },
    },
    async handler(ctx) {
      const { componentName } = ctx.input;
      if (!DNS_LABEL.test(componentName) || componentName.length > 63) {
        throw new InputError(
          `Invalid input "componentName": "${componentName}" must be a DNS-1123 label (lowercase letters, digits and "-", starting with a letter).`,
        );
      }
      const namespace = ctx.input.namespace ?? 'default';
      const catalogInfoPath = (
        ctx.input.catalogInfoPath ?? 'catalog-info.yaml'
      ).replace(/^\/+/, '');
      if (
        catalogInfoPath.split('/').some(part => part === '..' || part === '')
      ) {
        throw new InputError(
          `Invalid input "catalogInfoPath": "${catalogInfoPath}" must be a relative path inside the repository.`,
        );
      }
      const branch = ctx.input.defaultBranch ?? 'main';
      const ref = parseGithubRepoUrl(
        'repoUrl',
        ctx.input.repoUrl,
        integrations,
      );
      // Who asks, for which owner: a registered service's owner is the
      // catalog's, and the user must belong to it. Then the organisation.
      const trust = await resolveServiceTrust(options, ctx, {
        serviceName: componentName,
        entityRef: `component:${namespace}/${componentName}`,
        owner: ctx.input.owner,
      });
      checkGithubOrganization(
        'repoUrl',
        ref,
        options.platformPolicy.tenancy.githubOrganizations,
      );
      const { entityRef } = trust.requested;
      const guessContentsUrl = `https://${ref.host}/${ref.owner}/${ref.repo}/blob/${branch}`;
      ctx.output('entityRef', entityRef);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would check ${ref.owner}/${ref.repo} and ${entityRef}; no call made.`,
        );
        ctx.output('repoExists', false);
        ctx.output('needsPublish', true);
        ctx.output('repoContentsUrl', guessContentsUrl);
        ctx.output('catalogInfoUrl', `${guessContentsUrl}/${catalogInfoPath}`);
        ctx.output('entityRegistered', false);
        ctx.output(
          'existingService',
          rerunReport(
            {
              entity: trust.entity,
              repoHasService: false,
              catalogInfoUrl: `${guessContentsUrl}/${catalogInfoPath}`,
              repoContentsUrl: guessContentsUrl,
            },
            ctx.input,
          ),
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
      const repo = await inspectRepository(
        gh,
        trust,
        componentName,
        catalogInfoPath,
        branch,
      );
      const contentsUrl = repo.htmlUrl
        ? `${repo.htmlUrl}/blob/${repo.defaultBranch}`
        : guessContentsUrl;
      const catalogInfoUrl = `${contentsUrl}/${catalogInfoPath}`;
      // Also when the repository does not exist yet: a Component of the same
      // name from elsewhere would make catalog:register fail at the very end.
      const entity = inspectCatalog(trust.entity, entityRef, catalogInfoUrl);

      ctx.logger.info(
        repo.exists
          ? `Repository ${ref.owner}/${ref.repo} exists${
              repo.empty
                ? ' but is empty: publishing into it'
                : ' with this service: skipping publish'
            }.`
          : `Repository ${ref.owner}/${ref.repo} does not exist yet: it will be created.`,
      );
      ctx.logger.info(
        entity.registered
          ? `${entityRef} is already registered from this repository: skipping registration.`
          : `${entityRef} is not in the catalog yet: it will be registered.`,
      );
      ctx.output('repoExists', repo.exists);
      ctx.output('needsPublish', !repo.exists || repo.empty);
      if (repo.remoteUrl) ctx.output('remoteUrl', repo.remoteUrl);
      ctx.output('repoContentsUrl', contentsUrl);
      ctx.output('catalogInfoUrl', catalogInfoUrl);
      ctx.output('entityRegistered', entity.registered);
      const report = rerunReport(
        {
          entity: trust.entity,
          repoHasService: repo.exists && !repo.empty,
          catalogInfoUrl,
          repoContentsUrl: contentsUrl,
        },
        ctx.input,
      );
      ctx.logger.info(report.split('\n')[0]);
      ctx.output('existingService', report);
    },
  });
}
