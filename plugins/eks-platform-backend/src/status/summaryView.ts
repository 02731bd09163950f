import {
  AlertsStatus,
  ArgoCdStatus,
  EntityPlatformStatus,
  isFiring,
  KubernetesStatus,
  SourceResult,
  TracesStatus,
} from '@internal/backstage-plugin-eks-platform-common';

/** Alerts the summary keeps (the worst ones); the rest are counted. */
export const SUMMARY_TOP_ALERTS = 3;
/** Health reasons the summary keeps, worst first; the rest are counted in one line. */
export const SUMMARY_MAX_REASONS = 8;
/** Spread problems kept per cluster. */
const MAX_PLACEMENT_PROBLEMS = 3;
/** Upstream- and annotation-written text (alert summaries, messages) is cut here. */
const MAX_TEXT = 200;

function cut(text: string): string;
function cut(text: string | undefined): string | undefined;
function cut(text: string | undefined) {
  if (text === undefined || text.length <= MAX_TEXT) return text;
  return `${text.slice(0, MAX_TEXT - 1)}…`;
}

function mapData<T>(
  result: SourceResult<T>,
  trim: (data: T) => T,
): SourceResult<T> {
  const error = result.error && {
    ...result.error,
    message: cut(result.error.message),
  };
  return {
    ...result,
    ...(error ? { error } : {}),
    ...(result.data ? { data: trim(result.data) } : {}),
  };
}

function kubernetes(data: KubernetesStatus): KubernetesStatus {
  return {
    // NetworkPolicies, like pod template facts, are the scorecard's and
    // the Platform tab's: the overview does not show them.
    clusters: data.clusters.map(({ networkPolicies: _full, ...c }) => ({
      ...c,
      ...(c.error
        ? { error: { ...c.error, message: cut(c.error.message) } }
        : {}),
      // Pod template facts are the scorecard's and the Platform tab's.
      deployments: c.deployments.map(({ podTemplate: _full, ...d }) => ({
        ...d,
        images: [],
        // The message matters when a rollout is not complete.
        rollout:
          d.rollout.state === 'complete'
            ? { state: d.rollout.state }
            : { state: d.rollout.state, message: cut(d.rollout.message) },
      })),
      pods: [],
      hpas: c.hpas.map(h => ({ ...h, conditions: [] })),
      // Zones and the verdict; the per-node count is in the drawer.
      placement: {
        ...c.placement,
        podsPerNode: {},
        problems: c.placement.problems.slice(0, MAX_PLACEMENT_PROBLEMS),
      },
    })),
  };
}

function alerts(data: AlertsStatus): AlertsStatus {
  const bySeverity: Record<string, number> = {};
  let total = 0;
  for (const alert of data.alerts) {
    if (!isFiring(alert)) continue;
    total++;
    bySeverity[alert.severity] = (bySeverity[alert.severity] ?? 0) + 1;
  }
  return {
    // Already worst first: firing before muted, then by severity.
    alerts: data.alerts.slice(0, SUMMARY_TOP_ALERTS).map(a => ({
      ...a,
      summary: cut(a.summary),
      description: undefined,
      labels: {},
    })),
    // Alert rules and routing (the scorecard's facts) are left out.
    instances: data.instances,
    firing: { total, bySeverity },
    omitted: Math.max(0, data.alerts.length - SUMMARY_TOP_ALERTS),
  };
}

function traces(data: TracesStatus): TracesStatus {
  return { ...data, series: [], operations: [], errorTraces: [] };
}

function argocd(data: ArgoCdStatus): ArgoCdStatus {
  return {
    applications: data.applications.map(a => ({
      ...a,
      // The environment is the destination's name and namespace; the API
      // server URL only lengthens the answer.
      destination: {
        name: a.destination.name,
        namespace: a.destination.namespace,
      },
    })),
  };
}

/**
 * The summary view of a full status: what the overview cards and the fleet
 * show. The health is the full status's (so both views agree on the
 * verdict and its reasons); only what is shown in the drawers is left out.
 */
export function toSummaryView(
  full: EntityPlatformStatus,
): EntityPlatformStatus {
  const { reasons } = full.health;
  const kept = reasons.slice(0, SUMMARY_MAX_REASONS).map(r => cut(r));
  if (reasons.length > SUMMARY_MAX_REASONS)
    kept.push(`… and ${reasons.length - SUMMARY_MAX_REASONS} more`);
  return {
    entityRef: full.entityRef,
    health: { ...full.health, reasons: kept },
    sources: {
      kubernetes: mapData(full.sources.kubernetes, kubernetes),
      alerts: mapData(full.sources.alerts, alerts),
      traces: mapData(full.sources.traces, traces),
      argocd: mapData(full.sources.argocd, argocd),
    },
  };
}
