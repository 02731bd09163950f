import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { changedFiles } from '@internal/backstage-plugin-eks-platform-node';
import { z } from 'zod/v3';
import { registerWriteAction, runAsCaller } from './asRegistryAction';

/**
 * Characters of diff an agent gets: enough for a typical upgrade (a few
 * files), small enough for a model's context. The changed files and
 * conflicts are always listed in full.
 */
export const AGENT_DIFF_LIMIT = 20_000;

/** What an agent may ask of eks:template:upgrade (adoption stays in templates: platform admins only). */
const upgradeInput = {
  entityRef: (zod: typeof z) =>
    zod
      .string()
      .min(1)
      .max(300)
      .describe(
        'The service to upgrade, e.g. component:default/orders. You must be a member of its owner (or a platform admin).',
      ),
  repoUrl: (zod: typeof z) =>
    zod
      .string()
      .max(500)
      .optional()
      .describe(
        "Its repository (github.com?owner=acme&repo=orders). Default: the entity's github.com/project-slug annotation.",
      ),
  templateRef: (zod: typeof z) =>
    zod
      .string()
      .max(300)
      .optional()
      .describe(
        "The template, e.g. template:default/eks-service. Default: the entity's eks.platform/template-ref annotation.",
      ),
  targetVersion: (zod: typeof z) =>
    zod
      .string()
      .max(50)
      .optional()
      .describe(
        'Template version to upgrade to (MAJOR.MINOR.PATCH). Default: the newest.',
      ),
  values: (zod: typeof z) =>
    zod
      .record(zod.unknown())
      .optional()
      .describe(
        'Values for template parameters added by a later version. Never secrets: they are recorded in the repository.',
      ),
};

/** The action's outputs as an agent reads them: the diff capped, the files it touches listed. */
export function upgradeAnswer(outputs: Record<string, unknown>) {
  const diff = typeof outputs.diff === 'string' ? outputs.diff : '';
  const truncated = diff.length > AGENT_DIFF_LIMIT;
  return {
    ...outputs,
    changedFiles: changedFiles(diff),
    diff: truncated
      ? `${diff.slice(
          0,
          AGENT_DIFF_LIMIT,
        )}\n… diff cut at ${AGENT_DIFF_LIMIT} of ${diff.length} characters`
      : diff,
    diffTruncated: truncated,
  };
}

const answerSchema = (zod: typeof z) =>
  zod.object({
    status: zod
      .string()
      .describe('up-to-date, dry-run, created, updated or unchanged'),
    fromVersion: zod.string(),
    toVersion: zod.string(),
    branch: zod.string(),
    conflicts: zod
      .array(zod.string())
      .describe('Files the pull request leaves with conflict markers'),
    changedFiles: zod.array(zod.string()),
    diff: zod
      .string()
      .describe(`Unified diff, cut at ${AGENT_DIFF_LIMIT} characters`),
    diffTruncated: zod.boolean(),
    pullRequestUrl: zod.string().optional(),
    pullRequestNumber: zod.number().optional(),
  });

function inputObject(zod: typeof z) {
  return zod.object(
    Object.fromEntries(
      Object.entries(upgradeInput).map(([key, field]) => [key, field(zod)]),
    ),
  );
}

/**
 * The template upgrade as agent tools: `preview-template-upgrade` runs
 * eks:template:upgrade's own dry run (both template versions rendered and
 * merged with git against the default branch, nothing written) and
 * `eks-template-upgrade` opens or updates the pull request. Both run the
 * action's handler with the caller's credentials, so the ownership and
 * repository checks are the action's.
 */
export function registerTemplateUpgradeTools(options: {
  registry: ActionsRegistryService;
  logger: LoggerService;
  action: TemplateAction<any, any, any>;
}) {
  const { registry, logger, action } = options;
  registry.register({
    name: 'preview-template-upgrade',
    title: 'Preview a template upgrade',
    description: [
      'What would upgrading this service to a newer version of its software template change? Renders',
      'both template versions with the values its repository records and merges them with git against',
      'its default branch, writing nothing: returns the versions, the changed files, the files that would',
      'have conflicts and the unified diff (cut to a readable size). You must be a member of the',
      "service's owning group (or a platform admin). Call eks-template-upgrade to open the pull request.",
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: inputObject,
      output: answerSchema,
    },
    examples: [
      {
        title: 'What upgrading orders to the newest template changes',
        input: { entityRef: 'component:default/orders' },
      },
    ],
    action: async ({
      input,
      credentials,
    }: {
      input: Record<string, unknown>;
      credentials: BackstageCredentials;
    }) => {
      const outputs = await runAsCaller(
        action,
        { ...input, dryRun: true },
        credentials,
        logger,
      );
      return { output: upgradeAnswer(outputs) as any };
    },
  });
  registerWriteAction(registry, logger, {
    name: 'eks-template-upgrade',
    title: 'Open a template-upgrade pull request',
    description:
      "Opens (or updates) the pull request that upgrades a service generated from a software template to a newer template version (branch template-upgrade/v<version>): the template's changes merged with the team's by git, conflicts marked and listed. A second identical call updates the same pull request; nothing is merged or overwritten on the default branch. Call preview-template-upgrade first to see the diff.",
    action,
    input: upgradeInput as any,
    idempotent: true,
    destructive: false,
    answer: upgradeAnswer,
    examples: [
      {
        title: 'Upgrade orders to template version 1.1.0',
        input: {
          entityRef: 'component:default/orders',
          targetVersion: '1.1.0',
        },
      },
    ],
  });
}
