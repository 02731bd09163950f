/*
 * Joins catalog entities with their batch status into table rows. Kept
 * free of React so the fleet's filtering and sorting are tested as plain
 * functions over 1,000 rows.
 */
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  HealthLevel,
  RegistrationFacts,
  ScorecardQueryResponse,
  SourceState,
  StatusQueryResponse,
} from '@internal/backstage-plugin-eks-platform-common';

export interface FleetCluster {
  name: string;
  state: 'ok' | 'stale' | 'error';
}

export interface FleetRow {
  entityRef: string;
  name: string;
  title?: string;
  /** Owner as written in the catalog, shortened: `payments` for `group:default/payments`. */
  owner: string;
  /** The owner as people call it (`Commerce team`), else `owner`. */
  ownerName?: string;
  system: string;
  clusters: FleetCluster[];
  kubernetesState?: SourceState;
  health: HealthLevel;
  reasons: string[];
  /** Pending services: the registration pull request and CI run to follow. */
  registration?: RegistrationFacts;
  firingAlerts: number;
  /** The lowest environment score, 0..100; missing when nothing could be judged. */
  score?: number;
  /** Ids of the rules failing in any environment. */
  failingRules?: string[];
}

/** `group:default/payments` → `payments`; other namespaces and kinds stay visible. */
export function shortRef(ref: string | undefined, defaultKind: string): string {
  if (!ref) return '';
  try {
    const { kind, namespace, name } = parseEntityRef(ref, {
      defaultKind,
      defaultNamespace: 'default',
    });
    const ns = namespace === 'default' ? '' : `${namespace}/`;
    return kind.toLowerCase() === defaultKind
      ? `${ns}${name}`
      : `${kind.toLowerCase()}:${ns}${name}`;
  } catch {
    return ref;
  }
}

/** The owner's display name when the catalog has one, else its short ref. */
export function ownerLabel(
  owner: string | undefined,
  names: ReadonlyMap<string, string>,
): string {
  if (!owner) return '';
  try {
    const ref = stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
    return names.get(ref) ?? shortRef(owner, 'group');
  } catch {
    return shortRef(owner, 'group');
  }
}

export function buildFleetRows(
  entities: Entity[],
  response: StatusQueryResponse,
  owners: ReadonlyMap<string, string> = new Map(),
): FleetRow[] {
  const statusByRef = new Map(
    response.items.map(item => [item.entityRef, item]),
  );
  const errorByRef = new Map(response.errors.map(e => [e.entityRef, e.error]));
  return entities.map(entity => {
    const entityRef = stringifyEntityRef(entity);
    const status = statusByRef.get(entityRef);
    const spec = (entity.spec ?? {}) as { owner?: string; system?: string };
    const base = {
      entityRef,
      name: entity.metadata.name,
      title: entity.metadata.title,
      owner: shortRef(spec.owner, 'group'),
      ...(owners.size > 0 ? { ownerName: ownerLabel(spec.owner, owners) } : {}),
      system: shortRef(spec.system, 'system'),
    };
    if (!status) {
      const error = errorByRef.get(entityRef);
      return {
        ...base,
        clusters: [],
        health: 'unknown' as const,
        reasons: [
          error
            ? `No status: ${error.message}`
            : 'No status returned for this service',
        ],
        firingAlerts: 0,
      };
    }
    const kubernetes = status.sources.kubernetes;
    const alerts = status.sources.alerts.data?.alerts ?? [];
    return {
      ...base,
      clusters: (kubernetes.data?.clusters ?? []).map(c => ({
        name: c.cluster,
        state: c.state,
      })),
      kubernetesState: kubernetes.state,
      health: status.health.level,
      reasons: status.health.reasons,
      ...(status.health.registration
        ? { registration: status.health.registration }
        : {}),
      firingAlerts: alerts.filter(
        a => !a.silenced && !a.inhibited && a.state !== 'suppressed',
      ).length,
    };
  });
}

/** Rows with their owners' display names (read apart from the status polling). */
export function withOwnerNames(
  rows: FleetRow[],
  owners: ReadonlyMap<string, string>,
): FleetRow[] {
  if (owners.size === 0) return rows;
  return rows.map(row => ({
    ...row,
    ownerName: ownerLabel(row.owner, owners),
  }));
}

/**
 * Rows with their scorecards: the lowest environment score and the rules
 * failing anywhere. Rows without a scorecard keep no score (sorted last),
 * never a made-up one.
 */
export function withScores(
  rows: FleetRow[],
  response: ScorecardQueryResponse,
): FleetRow[] {
  const byRef = new Map(response.items.map(item => [item.entityRef, item]));
  return rows.map(row => {
    const scorecard = byRef.get(row.entityRef);
    if (!scorecard) return row;
    const failing = new Set(
      scorecard.environments.flatMap(env =>
        env.results.filter(r => r.outcome === 'fail').map(r => r.ruleId),
      ),
    );
    return {
      ...row,
      ...(scorecard.score === undefined ? {} : { score: scorecard.score }),
      failingRules: [...failing].sort(),
    };
  });
}
