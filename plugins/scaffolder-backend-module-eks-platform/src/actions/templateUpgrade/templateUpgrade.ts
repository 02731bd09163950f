import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { GithubCredentialsProvider } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CallPolicy,
  ServiceUpgrades,
  TEMPLATE_UPGRADE_ACTION_ID,
  upgradeBranch,
  UpgradeServiceResult,
} from '@internal/backstage-plugin-eks-platform-node';
import { ServiceTrustOptions } from '../../lib/serviceTrust';
import { examples } from './templateUpgrade.examples';

export { TEMPLATE_UPGRADE_ACTION_ID };

export interface TemplateUpgradeActionOptions extends ServiceTrustOptions {
  config: Config;
  githubCredentialsProvider?: GithubCredentialsProvider;
  callPolicy?: CallPolicy;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * eks:template:upgrade: proposes a service's template upgrade as a pull
 * request (branch template-upgrade/v<version>): both template versions
 * rendered with the values the repository records, merged three ways with
 * git against the default branch, conflicts left with markers and listed.
 * Re-running updates the same pull request; `dryRun` returns the diff.
 */
export function createTemplateUpgradeAction(
  options: TemplateUpgradeActionOptions,
) {
  const upgrades = new ServiceUpgrades(options);

  return createTemplateAction({
    id: TEMPLATE_UPGRADE_ACTION_ID,
    description:
      "Opens (or updates) a pull request that upgrades a service generated from a template to a newer template version: the template's changes merged with the team's by git, conflicts marked and listed with the changelog. Only the owning team or platform admins; dryRun returns the diff without writing.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description:
              'The service to upgrade, e.g. "component:default/orders". You must be a member of its owner (or a platform admin).',
          }),
        repoUrl: z =>
          z
            .string({
              description:
                "Its repository in RepoUrlPicker format (github.com?owner=acme&repo=orders). Default: the entity's github.com/project-slug on the host it was registered from. Its catalog-info.yaml must declare the service.",
            })
            .optional(),
        templateRef: z =>
          z
            .string({
              description:
                'The template, e.g. "template:default/eks-service". Default: the entity\'s eks.platform/template-ref annotation, or the only upgradable template.',
            })
            .optional(),
        targetVersion: z =>
          z
            .string({
              description:
                'Template version to upgrade to (MAJOR.MINOR.PATCH). Default: the newest.',
            })
            .optional(),
        dryRun: z =>
          z
            .boolean({
              description:
                'Return the diff and the pull request description without writing anything.',
            })
            .optional(),
        values: z =>
          z
            .record(z.unknown(), {
              description:
                'Values for template values the record lacks (parameters added by a later version), over their defaults. Never secrets: they are recorded in the repository.',
            })
            .optional(),
        adopt: z =>
          z
            .object(
              {
                version: z.string({
                  description:
                    'The template version the repository was made from.',
                }),
                values: z
                  .record(z.unknown(), {
                    description:
                      'The values it was made with, over those read from the entity (name, description, owner, system, lifecycle, repoUrl).',
                  })
                  .optional(),
              },
              {
                description:
                  'Platform admins only: record the template version of a repository that has no .backstage/template.json (made before versions were recorded).',
              },
            )
            .optional(),
      },
      output: {
        status: z =>
          z.string({
            description:
              'up-to-date, dry-run, created, updated or unchanged (the pull request already had this upgrade).',
          }),
        fromVersion: z => z.string(),
        toVersion: z => z.string(),
        branch: z => z.string(),
        conflicts: z =>
          z.array(z.string(), {
            description: 'Files left with conflict markers.',
          }),
        diff: z => z.string({ description: 'Unified diff of the upgrade.' }),
        pullRequestUrl: z => z.string().optional(),
        pullRequestNumber: z => z.number().optional(),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      // Shapes first (the runner's JSON-schema check is not the last word).
      if (input.values !== undefined && !isObject(input.values)) {
        throw new InputError('Invalid input "values": give an object.');
      }
      if (input.adopt !== undefined && !isObject(input.adopt)) {
        throw new InputError(
          'Invalid input "adopt": give { "version": "1.0.0" }.',
        );
      }
      // Who asks for which service, which repository and template: before
      // any GitHub call.
      const authorized = await upgrades.authorize(
        () => options.callerIdentity.forTask(ctx),
        {
          entityRef: input.entityRef,
          repoUrl: input.repoUrl,
          templateRef: input.templateRef,
          adopt: input.adopt !== undefined,
        },
      );
      const { trust, ref, source } = authorized;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would upgrade ${trust.entityRef} (${ref.owner}/${ref.repo}) with ${source.ref}; no GitHub call made.`,
        );
        const version = input.targetVersion ?? '0.0.0';
        ctx.output('status', 'dry-run');
        ctx.output('fromVersion', version);
        ctx.output('toVersion', version);
        ctx.output('branch', upgradeBranch(version));
        ctx.output('conflicts', []);
        ctx.output('diff', '');
        return;
      }
      const gh = await upgrades.connect(authorized, ctx.signal);
      const run = (): Promise<UpgradeServiceResult> =>
        upgrades.run(authorized, gh, {
          targetVersion: input.targetVersion,
          values: input.values as Record<string, unknown> | undefined,
          adopt: input.adopt && {
            version: input.adopt.version,
            values: input.adopt.values as Record<string, unknown> | undefined,
          },
          dryRun: input.dryRun === true,
        });
      // A recovered task replays the upgrade; proposeChange converges on
      // one branch and one pull request either way.
      const result =
        input.dryRun === true
          ? await run()
          : await ctx.checkpoint({
              key: `template-upgrade:${trust.entityRef}:${source.ref}:${
                input.targetVersion ?? 'newest'
              }`,
              fn: async () => JSON.parse(JSON.stringify(await run())),
            });
      ctx.logger.info(
        `${trust.entityRef}: v${result.fromVersion} → v${result.toVersion}: ${
          result.status
        }${
          result.conflicts.length
            ? `; conflict markers in ${result.conflicts.join(', ')}`
            : ''
        }${result.pullRequestUrl ? `; ${result.pullRequestUrl}` : ''}`,
      );
      ctx.output('status', result.status);
      ctx.output('fromVersion', result.fromVersion);
      ctx.output('toVersion', result.toVersion);
      ctx.output('branch', result.branch);
      ctx.output('conflicts', result.conflicts);
      ctx.output('diff', result.diff);
      if (result.pullRequestUrl) {
        ctx.output('pullRequestUrl', result.pullRequestUrl);
        ctx.output('pullRequestNumber', result.pullRequestNumber!);
      }
    },
  });
}
