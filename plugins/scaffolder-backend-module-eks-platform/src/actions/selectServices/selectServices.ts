import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  checkEntityRef,
  isTemplateVersion,
} from '@internal/backstage-plugin-eks-platform-node';
import { examples } from './selectServices.examples';
import {
  FleetSelection,
  MAX_SELECTED_SERVICES,
  selectServices,
} from './fleetSelection';

export const SELECT_SERVICES_ACTION_ID = 'eks:template:select-services';

export interface SelectServicesActionOptions {
  catalog: CatalogService;
}

/** A form field left empty arrives as '' or not at all: both mean "not given". */
const given = (value: unknown) =>
  value === undefined || value === null || value === '' ? undefined : value;

function refInput(
  name: string,
  value: unknown,
  kind: string,
  example: string,
): string | undefined {
  if (given(value) === undefined) return undefined;
  return checkEntityRef(name, value, kind, { example, allowBareName: true });
}

/** The form's answers as a FleetSelection, or an InputError naming the field to fix. */
export function readFleetSelection(
  input: Record<string, unknown>,
): FleetSelection {
  const targetVersion = given(input.targetVersion);
  if (targetVersion !== undefined && !isTemplateVersion(targetVersion)) {
    throw new InputError(
      `Invalid input "targetVersion": ${JSON.stringify(
        targetVersion,
      )} is not a template version; use MAJOR.MINOR.PATCH, e.g. "1.2.0", or leave it empty for the newest.`,
    );
  }
  if (input.mode === 'one') {
    const entityRef = refInput(
      'entityRef',
      input.entityRef,
      'component',
      'component:default/orders',
    );
    if (!entityRef) {
      throw new InputError(
        'Missing input "entityRef": pick the service to upgrade.',
      );
    }
    return { mode: 'one', entityRef, targetVersion };
  }
  if (input.mode === 'selection') {
    const ownerRef = refInput(
      'owner',
      input.owner,
      'group',
      'group:default/payments',
    );
    const systemRef = refInput(
      'system',
      input.system,
      'system',
      'system:default/commerce',
    );
    if (!ownerRef && !systemRef) {
      throw new InputError(
        'Missing input "owner" or "system": a selection needs an owning team, a system or both, so a run never sweeps the whole fleet.',
      );
    }
    if (
      input.onlyBehind !== undefined &&
      typeof input.onlyBehind !== 'boolean'
    ) {
      throw new InputError('Invalid input "onlyBehind": give true or false.');
    }
    return {
      mode: 'selection',
      ownerRef,
      systemRef,
      onlyBehind: input.onlyBehind === true,
      targetVersion,
    };
  }
  throw new InputError(
    `Invalid input "mode": ${JSON.stringify(
      input.mode,
    )}; use "one" (one service) or "selection" (by owner and/or system).`,
  );
}

/**
 * eks:template:select-services: which services an "Upgrade services" run
 * covers, with their current and target template versions. Read only: the
 * catalog is queried with the credentials of the user running the task, so
 * the selection holds only services they may read. Whether they may upgrade
 * each one is eks:template:upgrade's check, per service.
 */
export function createSelectServicesAction(
  options: SelectServicesActionOptions,
) {
  return createTemplateAction({
    id: SELECT_SERVICES_ACTION_ID,
    description: `Lists the services made from a versioned template that a run of "Upgrade services" covers: one service, or those of an owner and/or system (optionally only those behind the template), at most ${MAX_SELECTED_SERVICES}, each with its current and target version. Read only, with your own catalog access.`,
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        mode: z =>
          z.enum(['one', 'selection'], {
            description:
              '"one": the service in entityRef; "selection": the services of owner and/or system.',
          }),
        entityRef: z =>
          z
            .string({
              description:
                'mode "one": the service, e.g. "component:default/orders".',
            })
            .optional(),
        owner: z =>
          z
            .string({
              description:
                'mode "selection": the owning group, e.g. "group:default/payments".',
            })
            .optional(),
        system: z =>
          z
            .string({
              description:
                'mode "selection": the system, e.g. "system:default/commerce".',
            })
            .optional(),
        onlyBehind: z =>
          z
            .boolean({
              description:
                'mode "selection": only services whose template version is older than the target.',
            })
            .optional(),
        targetVersion: z =>
          z
            .string({
              description:
                "Template version to upgrade to (MAJOR.MINOR.PATCH). Default: each template's current version in the catalog.",
            })
            .optional(),
      },
      output: {
        services: z =>
          z.array(
            z.object({
              entityRef: z.string(),
              ownerRef: z.string().optional(),
              templateRef: z.string(),
              currentVersion: z.string(),
              targetVersion: z.string(),
              behind: z.boolean(),
            }),
            { description: 'The selected services, by name.' },
          ),
        count: z =>
          z.number({ description: 'How many services were selected.' }),
      },
    },
    async handler(ctx) {
      // Validated before the catalog is asked anything; read only, so a
      // dry run selects for real (it is what the preview is about).
      const selection = readFleetSelection(
        ctx.input as Record<string, unknown>,
      );
      const services = await selectServices(
        options.catalog,
        await ctx.getInitiatorCredentials(),
        selection,
      );
      for (const s of services) {
        ctx.logger.info(
          `${s.entityRef} (${s.ownerRef ?? 'no owner'}): ${s.templateRef} v${
            s.currentVersion || '?'
          } → v${s.targetVersion || 'newest'}${s.behind ? ' (behind)' : ''}`,
        );
      }
      ctx.logger.info(`${services.length} service(s) selected.`);
      ctx.output('services', services);
      ctx.output('count', services.length);
    },
  });
}
