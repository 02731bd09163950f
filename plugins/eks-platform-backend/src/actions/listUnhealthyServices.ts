import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  fleetServicesFilter,
  HEALTH_SEVERITY,
} from '@internal/backstage-plugin-eks-platform-common';
import { StatusService } from '../status/StatusService';
import { compactStatus } from './compactStatus';
import { chargeCaller, ToolAccess } from './readableService';

/** What a fleet row needs from the catalog (the fleet page asks for the same). */
const FLEET_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'spec.owner',
  'spec.system',
];

/** Reasons kept per service: the list is a triage view; get-service-status has them all. */
const MAX_REASONS = 3;

function normalizedRef(
  value: string | undefined,
  defaultKind: string,
  defaultNamespace = 'default',
): string | undefined {
  if (!value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), { defaultKind, defaultNamespace }),
    );
  } catch {
    return undefined;
  }
}

function filterRef(
  name: string,
  value: string | undefined,
  defaultKind: string,
) {
  if (value === undefined) return undefined;
  const ref = normalizedRef(value, defaultKind);
  if (!ref)
    throw new InputError(
      `${name} must be an entity reference such as ${defaultKind}:default/team-commerce or team-commerce, got ${JSON.stringify(
        value,
      )}`,
    );
  return ref;
}

/** What the answer says when more services matched than one call assembles. */
export function cappedNote(checked: number, matched: number): string {
  return `Only ${checked} of the ${matched} matching services were checked (one call reads at most ${checked}, eksPlatform.status.query.maxEntities): narrow the question with owner or system to see the others.`;
}

/**
 * `list-unhealthy-services`: the fleet page's question for agents. The
 * services come from the catalog with the caller's credentials (private
 * services of other teams are not listed) and their statuses through the
 * same permission check as `POST /v1/status/query`, charged like that
 * query: one entity read per service assembled, from the caller's bucket.
 * One call assembles at most `maxEntities` services (the summary query's
 * cap), the first by entity ref, and says so when more matched.
 */
export function registerListUnhealthyServices(options: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  access: ToolAccess;
  status: StatusService;
  /** Services one call assembles (eksPlatform.status.query.maxEntities). */
  maxEntities: number;
}) {
  const { actionsRegistry, catalog, access, status, maxEntities } = options;
  actionsRegistry.register({
    name: 'list-unhealthy-services',
    title: 'List unhealthy services',
    description: [
      'Which services on the EKS platform are not healthy right now? Lists every service (catalog',
      'component with Kubernetes annotations) whose health is warning, critical, pending or unknown,',
      'worst first, with its top reasons and clusters. Filter by owner (group), system or cluster.',
      'Call get-service-status on a service for every reason and per-source verdicts.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          owner: z
            .string()
            .max(300)
            .optional()
            .describe(
              'Owning group: group:default/team-commerce or team-commerce',
            ),
          system: z
            .string()
            .max(300)
            .optional()
            .describe('System: system:default/commerce or commerce'),
          cluster: z
            .string()
            .max(100)
            .optional()
            .describe(
              'Only services with workloads in this cluster, e.g. prod',
            ),
          minimumLevel: z
            .enum(['warning', 'pending', 'critical'])
            .optional()
            .describe(
              'Leave out services better than this level (default warning: unknown services are listed too)',
            ),
        }),
      output: z =>
        z.object({
          checked: z.number().describe('Services looked at after the filters'),
          matched: z
            .number()
            .optional()
            .describe(
              'Services the owner/system filters matched, when more than one call checks',
            ),
          note: z
            .string()
            .optional()
            .describe('Present when the answer is capped: what was left out'),
          services: z.array(
            z.object({
              entityRef: z.string(),
              owner: z.string().optional(),
              system: z.string().optional(),
              level: z.string(),
              reasons: z.array(z.string()),
              clusters: z.array(z.string()),
            }),
          ),
        }),
    },
    examples: [
      {
        title: "Team commerce's unhealthy services in prod",
        input: { owner: 'group:default/team-commerce', cluster: 'prod' },
      },
    ],
    action: async ({ input, credentials }) => {
      const owner = filterRef('owner', input.owner, 'group');
      const system = filterRef('system', input.system, 'system');
      const cluster = input.cluster?.trim() || undefined;
      const floor = input.minimumLevel
        ? HEALTH_SEVERITY[input.minimumLevel]
        : HEALTH_SEVERITY.unknown;
      const { items } = await catalog.getEntities(
        {
          filter: fleetServicesFilter(CATALOG_FILTER_EXISTS),
          fields: FLEET_FIELDS,
        },
        { credentials },
      );
      const ownerOf = (e: Entity) =>
        normalizedRef(e.spec?.owner as string, 'group', e.metadata.namespace);
      const systemOf = (e: Entity) =>
        normalizedRef(e.spec?.system as string, 'system', e.metadata.namespace);
      const wanted = items.filter(
        e =>
          (!owner || ownerOf(e) === owner) &&
          (!system || systemOf(e) === system),
      );
      const byRef = new Map(wanted.map(e => [stringifyEntityRef(e), e]));
      if (byRef.size === 0) return { output: { checked: 0, services: [] } };
      // Capped like the fleet query, and charged like it before any
      // status is assembled: a whole-fleet question costs what it reads.
      const refs = Array.from(byRef.keys()).sort().slice(0, maxEntities);
      chargeCaller(access, credentials, refs.length);
      const { items: resolved } = await access.readable.resolve(
        credentials,
        refs,
      );
      const statuses = await Promise.all(
        resolved.flatMap(r =>
          'entity' in r ? [status.statusOf(r.entity, 'summary')] : [],
        ),
      );
      const rows = statuses
        .map(s => ({ s, compact: compactStatus(s) }))
        .map(({ compact }) => ({
          compact,
          clusters: compact.clusters
            .filter(c => c.deployments.length > 0)
            .map(c => c.cluster),
        }))
        .filter(r => !cluster || r.clusters.includes(cluster));
      const services = rows
        .filter(r => HEALTH_SEVERITY[r.compact.health.level] >= floor)
        .sort(
          (a, b) =>
            HEALTH_SEVERITY[b.compact.health.level] -
              HEALTH_SEVERITY[a.compact.health.level] ||
            a.compact.entityRef.localeCompare(b.compact.entityRef),
        )
        .map(({ compact, clusters }) => {
          const entity = byRef.get(compact.entityRef);
          const reasons = compact.health.reasons;
          return {
            entityRef: compact.entityRef,
            ...(entity && ownerOf(entity) ? { owner: ownerOf(entity) } : {}),
            ...(entity && systemOf(entity) ? { system: systemOf(entity) } : {}),
            level: compact.health.level,
            reasons:
              reasons.length > MAX_REASONS
                ? [
                    ...reasons.slice(0, MAX_REASONS),
                    `… and ${reasons.length - MAX_REASONS} more`,
                  ]
                : reasons,
            clusters,
          };
        });
      const capped = byRef.size > refs.length;
      return {
        output: {
          checked: rows.length,
          ...(capped
            ? {
                matched: byRef.size,
                note: cappedNote(refs.length, byRef.size),
              }
            : {}),
          services,
        },
      };
    },
  });
}
