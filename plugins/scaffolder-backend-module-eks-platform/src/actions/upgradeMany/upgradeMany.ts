import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  checkEntityRef,
  isTemplateVersion,
} from '@internal/backstage-plugin-eks-platform-node';
import { redactServerPaths } from '../../lib/plainErrors';
import { MAX_SELECTED_SERVICES } from '../selectServices/fleetSelection';
import { examples } from './upgradeMany.examples';
import {
  countsLine,
  diffPreview,
  isFailure,
  pullRequestLinks,
  summaryMarkdown,
  UpgradeOutcome,
} from './upgradeOutcomes';

export const UPGRADE_MANY_ACTION_ID = 'eks:template:upgrade-many';

export interface UpgradeManyActionOptions {
  /** eks:template:upgrade: its checks and engine run once per service. */
  upgrade: TemplateAction<any, any, any>;
}

interface ServiceRequest {
  entityRef: string;
  templateRef?: string;
  targetVersion?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** Every service of the list, validated, before the first upgrade starts. */
export function readServiceRequests(value: unknown): ServiceRequest[] {
  if (!Array.isArray(value)) {
    throw new InputError(
      'Invalid input "services": give a list of services, e.g. the output of eks:template:select-services.',
    );
  }
  if (value.length > MAX_SELECTED_SERVICES) {
    throw new InputError(
      `Invalid input "services": ${value.length} services; one run upgrades at most ${MAX_SELECTED_SERVICES}. Narrow the selection by owner or system.`,
    );
  }
  const seen = new Set<string>();
  return value.map((item, i) => {
    const raw: Record<string, unknown> = isObject(item)
      ? item
      : { entityRef: item };
    const entityRef = checkEntityRef(
      `services[${i}].entityRef`,
      raw.entityRef,
      'component',
      { example: 'component:default/orders' },
    );
    if (seen.has(entityRef)) {
      throw new InputError(
        `Invalid input "services": ${entityRef} is listed twice; each service gets one upgrade per run.`,
      );
    }
    seen.add(entityRef);
    const templateRef =
      raw.templateRef === undefined || raw.templateRef === ''
        ? undefined
        : checkEntityRef(
            `services[${i}].templateRef`,
            raw.templateRef,
            'template',
            { example: 'template:default/eks-service' },
          );
    const targetVersion =
      raw.targetVersion === undefined || raw.targetVersion === ''
        ? undefined
        : raw.targetVersion;
    if (targetVersion !== undefined && !isTemplateVersion(targetVersion)) {
      throw new InputError(
        `Invalid input "services[${i}].targetVersion": ${JSON.stringify(
          targetVersion,
        )} is not a template version; use MAJOR.MINOR.PATCH or leave it empty for the newest.`,
      );
    }
    return { entityRef, templateRef, targetVersion };
  });
}

/** Refused: the caller may not upgrade it (not the owning team), as opposed to something failing. */
const statusOf = (error: unknown) =>
  (error as Error)?.name === 'NotAllowedError' ? 'refused' : 'failed';

/**
 * eks:template:upgrade-many: eks:template:upgrade for each service of a
 * list, one after the other, with a progress line per service and one
 * outcome per service, so a refused or failing service does not hide the
 * others' results. (The scaffolder's `each:` stops a step at its first
 * failing iteration and drops the outputs of those before it, and a failed
 * step stops the task before its output is rendered: see
 * docs/template-upgrades.md.)
 */
export function createUpgradeManyAction(options: UpgradeManyActionOptions) {
  const { upgrade } = options;
  return createTemplateAction({
    id: UPGRADE_MANY_ACTION_ID,
    description: `Runs eks:template:upgrade for each service of a list (at most ${MAX_SELECTED_SERVICES}), logging progress per service: a pull request per service the caller's team owns (or every one, for platform admins), the others refused with the reason, a failure of one never stopping the rest. Outputs one outcome per service, a Markdown table and the pull request links. dryRun previews every diff without writing.`,
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        services: z =>
          z.array(
            z.union([
              z.string(),
              // Other fields (select-services' currentVersion, behind…)
              // are allowed and ignored.
              z
                .object({
                  entityRef: z.string(),
                  templateRef: z.string().optional(),
                  targetVersion: z.string().optional(),
                })
                .passthrough(),
            ]),
            {
              description:
                'The services: entity refs, or objects with entityRef and optional templateRef and targetVersion (the output of eks:template:select-services).',
            },
          ),
        dryRun: z =>
          z
            .boolean({
              description:
                'Preview only: every diff, no branch and no pull request.',
            })
            .optional(),
      },
      output: {
        results: z =>
          z.array(
            z.object({
              entityRef: z.string(),
              status: z.string(),
              fromVersion: z.string().optional(),
              toVersion: z.string().optional(),
              pullRequestUrl: z.string().optional(),
              pullRequestNumber: z.number().optional(),
              conflicts: z.array(z.string()),
              reason: z.string().optional(),
              diff: z.string().optional(),
            }),
            { description: 'One outcome per service, in the order given.' },
          ),
        summary: z =>
          z.string({ description: 'The outcomes as a Markdown table.' }),
        links: z =>
          z.array(z.object({ title: z.string(), url: z.string() }), {
            description: 'One link per pull request.',
          }),
        failed: z =>
          z.number({
            description: 'How many services were refused or failed.',
          }),
      },
    },
    async handler(ctx) {
      if (
        ctx.input.dryRun !== undefined &&
        typeof ctx.input.dryRun !== 'boolean'
      ) {
        throw new InputError('Invalid input "dryRun": give true or false.');
      }
      const requests = readServiceRequests(ctx.input.services);
      const dryRun = ctx.input.dryRun === true || ctx.isDryRun === true;
      const outcomes: UpgradeOutcome[] = [];
      for (const [i, request] of requests.entries()) {
        if (ctx.signal?.aborted) throw new Error('The task was cancelled.');
        const progress = `[${i + 1}/${requests.length}] ${request.entityRef}`;
        ctx.logger.info(`${progress}: upgrading…`);
        const outcome = await upgradeOne(
          ctx,
          upgrade,
          request,
          ctx.input.dryRun === true,
        );
        if (ctx.signal?.aborted) throw new Error('The task was cancelled.');
        outcomes.push(outcome);
        const line = `${progress}: ${outcome.status}${
          outcome.pullRequestUrl ? ` ${outcome.pullRequestUrl}` : ''
        }${outcome.reason ? `: ${outcome.reason}` : ''}`;
        if (isFailure(outcome)) ctx.logger.warn(line);
        else ctx.logger.info(line);
      }
      ctx.logger.info(countsLine(outcomes, dryRun));
      ctx.output('results', outcomes as any);
      ctx.output('summary', summaryMarkdown(outcomes, dryRun));
      ctx.output('links', pullRequestLinks(outcomes));
      ctx.output('failed', outcomes.filter(isFailure).length);
    },
  });
}

/** eks:template:upgrade for one service, its outputs or its error as an outcome. */
async function upgradeOne(
  ctx: any,
  upgrade: TemplateAction<any, any, any>,
  request: ServiceRequest,
  dryRun: boolean,
): Promise<UpgradeOutcome> {
  const outputs: Record<string, any> = {};
  try {
    await upgrade.handler({
      ...ctx,
      input: {
        entityRef: request.entityRef,
        ...(request.templateRef ? { templateRef: request.templateRef } : {}),
        ...(request.targetVersion
          ? { targetVersion: request.targetVersion }
          : {}),
        ...(dryRun ? { dryRun: true } : {}),
      },
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
    });
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    return {
      entityRef: request.entityRef,
      status: statusOf(error),
      toVersion: request.targetVersion,
      conflicts: [],
      reason: redactServerPaths(
        error instanceof Error ? error.message : String(error),
      ),
    };
  }
  return {
    entityRef: request.entityRef,
    status: outputs.status,
    fromVersion: outputs.fromVersion,
    toVersion: outputs.toVersion,
    pullRequestUrl: outputs.pullRequestUrl,
    pullRequestNumber: outputs.pullRequestNumber,
    conflicts: outputs.conflicts ?? [],
    ...(outputs.status === 'dry-run' && outputs.diff
      ? { diff: diffPreview(outputs.diff) }
      : {}),
  };
}
