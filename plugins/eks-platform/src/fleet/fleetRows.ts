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
  ANNOTATION_TEMPLATE_REF,
  FleetUpgradePullRequest,
  FleetUpgradePullRequestsResponse,
  ANNOTATION_TEMPLATE_VERSION,
  HealthLevel,
  isTemplateVersion,
  RegistrationFacts,
  ScorecardQueryResponse,
  SourceState,
  StatusQueryResponse,
  templateVersionOrder,
} from '@internal/backstage-plugin-eks-platform-common';

export interface FleetCluster {
  name: string;
  state: 'ok' | 'stale' | 'error';
}

/** The golden-path template a service was generated from, as its annotations say. */
export interface FleetTemplate {
  ref: string;
  /** The version the service records (`eks.platform/template-version`). */
  version: string;
  /** The Template entity's newer version, when the service is behind it. */
  behindTo?: string;
  /**
   * The upgrade pull request to `behindTo`, as the backend recorded it
   * (state `none` when its last check found none); missing while unknown
   * (loading, failed, or never checked).
   */
  pullRequest?: FleetUpgradePullRequest;
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
  /** Missing when the service records no template version. */
  template?: FleetTemplate;
}

/**
 * The service's template and version from its annotations, and whether the
 * Template's current version (`latest`, by template ref) is newer.
 */
export function templateOfEntity(
  entity: Entity,
  latest: ReadonlyMap<string, string>,
): FleetTemplate | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const ref = annotations[ANNOTATION_TEMPLATE_REF];
  const version = annotations[ANNOTATION_TEMPLATE_VERSION];
  if (!ref || !isTemplateVersion(version)) return undefined;
  const newest = latest.get(ref);
  return isTemplateVersion(newest) && templateVersionOrder(newest, version) > 0
    ? { ref, version, behindTo: newest }
    : { ref, version };
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
  /** Each Template's current version, by its entity ref. */
  latestTemplates: ReadonlyMap<string, string> = new Map(),
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
      template: templateOfEntity(entity, latestTemplates),
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

/**
 * Rows with the upgrade pull request of each service behind its template:
 * only a record for the version the service is behind to counts (one for
 * an older target says nothing about the newest).
 */
export function withUpgradePullRequests(
  rows: FleetRow[],
  response: FleetUpgradePullRequestsResponse,
): FleetRow[] {
  const byRef = new Map(response.items.map(item => [item.entityRef, item]));
  return rows.map(row => {
    const pullRequest = byRef.get(row.entityRef);
    if (
      !row.template?.behindTo ||
      pullRequest?.targetVersion !== row.template.behindTo
    )
      return row;
    return { ...row, template: { ...row.template, pullRequest } };
  });
}
