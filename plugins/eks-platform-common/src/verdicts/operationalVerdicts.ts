/*
 * One verdict per source of a service's status, for the overview's
 * "Operational status" card: the reader sees at a glance which part is
 * unhealthy and why, before opening any detail. Works on the summary view
 * of the status answer (no pod lists, no trace series). The agents' tools
 * (eks-platform-backend actions) answer with the very same verdicts.
 */
import {
  ClusterWorkloads,
  EntityPlatformStatus,
  HEALTH_SEVERITY,
  HealthLevel,
  isFiring,
  SourceError,
  SourceResult,
  TRACE_ERROR_RATIO,
  worstLevel,
} from '../status';
import { describeHpa } from './describeHpa';
import {
  ALERTS_SETUP_HINT,
  ARGOCD_SETUP_HINT,
  KUBERNETES_SETUP_HINT,
  TRACES_SETUP_HINT,
} from './setupHints';

export type VerdictId =
  | 'autoscaling'
  | 'disruption-budget'
  | 'alerts'
  | 'traces'
  | 'argocd'
  | 'zone-spread'
  /** A source a backend module added: `source:<its id>`. */
  | `source:${string}`;

/**
 * - `ok` / `stale`: a verdict from fresh / last-good data (`fetchedAt`).
 * - `error`: the upstream failed and nothing earlier is known.
 * - `not-configured`: the entity or the platform lacks the setup (`reason` says what to add).
 * - `no-data`: the source answers but has nothing for the service (`reason` says what is missing).
 */
export type VerdictState =
  | 'ok'
  | 'stale'
  | 'error'
  | 'not-configured'
  | 'no-data';

export interface SourceVerdict {
  id: VerdictId;
  label: string;
  state: VerdictState;
  level: HealthLevel;
  /** Why the line is not healthy, worst finding first; undefined when healthy. */
  reason?: string;
  /** Stale lines: when the data was read. */
  fetchedAt?: string;
  /** Stale and error lines: which upstream fails. */
  error?: SourceError;
}

interface Finding {
  level: HealthLevel;
  text: string;
}

type Judgement = { noData: string } | { findings: Finding[] };

function fromFindings(
  findings: Finding[],
): Pick<SourceVerdict, 'level' | 'reason'> {
  const sorted = [...findings].sort(
    (a, b) => HEALTH_SEVERITY[b.level] - HEALTH_SEVERITY[a.level],
  );
  const level = worstLevel(sorted.map(f => f.level));
  const texts = sorted.filter(f => f.level !== 'healthy').map(f => f.text);
  return { level, reason: texts.length ? texts.join('; ') : undefined };
}

function verdict<T>(
  id: VerdictId,
  label: string,
  source: SourceResult<T>,
  setupHint: string,
  judge: (data: T) => Judgement,
): SourceVerdict {
  if (source.state === 'not-configured')
    return {
      id,
      label,
      state: 'not-configured',
      level: 'unknown',
      reason: source.hint ?? setupHint,
    };
  if (source.state === 'error' || source.data === undefined)
    return {
      id,
      label,
      state: 'error',
      level: 'unknown',
      reason: `${source.error?.upstream ?? label} is failing: ${
        source.error?.message ?? 'the backend sent no data'
      }`,
      error: source.error,
    };
  const stale =
    source.state === 'stale'
      ? {
          state: 'stale' as const,
          fetchedAt: source.fetchedAt,
          error: source.error,
        }
      : { state: 'ok' as const };
  const judgement = judge(source.data);
  if ('noData' in judgement)
    return {
      id,
      label,
      ...stale,
      state: stale.state === 'stale' ? 'stale' : 'no-data',
      level: 'unknown',
      reason: judgement.noData,
    };
  return { id, label, ...stale, ...fromFindings(judgement.findings) };
}

/** Clusters that failed: what the Kubernetes lines cannot vouch for. */
function clusterFailures(clusters: ClusterWorkloads[]): Finding[] {
  return clusters
    .filter(c => c.state !== 'ok')
    .map(c => ({
      level: 'warning' as const,
      text: `${c.cluster}: ${
        c.state === 'error' ? 'unreachable' : 'data may be outdated'
      }${c.error?.message ? ` (${c.error.message})` : ''}`,
    }));
}

function autoscaling(clusters: ClusterWorkloads[], now: number): Judgement {
  const hpas = clusters.flatMap(c => c.hpas.map(hpa => ({ c, hpa })));
  if (hpas.length === 0 && clusterFailures(clusters).length === 0)
    return { noData: 'No HorizontalPodAutoscaler found for this service' };
  const severity: Record<string, HealthLevel> = {
    error: 'critical',
    warning: 'warning',
    ok: 'healthy',
  };
  return {
    findings: [
      ...hpas.flatMap(({ c, hpa }) =>
        describeHpa(hpa, now).map(f => ({
          level: severity[f.severity],
          text: `${c.cluster}: ${f.text}`,
        })),
      ),
      ...clusterFailures(clusters),
    ],
  };
}

function disruptionBudget(clusters: ClusterWorkloads[]): Judgement {
  const pdbs = clusters.flatMap(c => c.pdbs.map(pdb => ({ c, pdb })));
  if (pdbs.length === 0 && clusterFailures(clusters).length === 0)
    return { noData: 'No PodDisruptionBudget protects this service' };
  return {
    findings: [
      ...pdbs
        .filter(({ pdb }) => pdb.blocksDrains)
        .map(({ c, pdb }) => ({
          level: 'warning' as const,
          text: `${c.cluster}: ${pdb.name} allows no disruption, node drains will hang`,
        })),
      ...clusterFailures(clusters),
    ],
  };
}

function zoneSpread(clusters: ClusterWorkloads[]): Judgement {
  const running = clusters.filter(c => c.deployments.length > 0);
  if (running.length === 0 && clusterFailures(clusters).length === 0)
    return { noData: 'No deployment of this service found in any cluster' };
  return {
    findings: [
      ...running
        .filter(c => !c.placement.spreadHolds)
        .map(c => ({
          level: 'warning' as const,
          text: `${c.cluster}: ${
            c.placement.problems.join(', ') || 'pods are not spread over zones'
          }`,
        })),
      ...clusterFailures(clusters),
    ],
  };
}

const ALERT_LEVELS: Record<string, HealthLevel> = {
  critical: 'critical',
  warning: 'warning',
};

/**
 * The six verdicts of the overview, in a fixed order: the reader finds the
 * same line in the same place on every service; then one per source a
 * backend module added.
 */
export function operationalVerdicts(
  status: EntityPlatformStatus,
  now: number,
): SourceVerdict[] {
  const { kubernetes, alerts, traces, argocd } = status.sources;
  return [
    verdict(
      'autoscaling',
      'Autoscaling',
      kubernetes,
      KUBERNETES_SETUP_HINT,
      d => autoscaling(d.clusters, now),
    ),
    verdict(
      'disruption-budget',
      'Disruption budget',
      kubernetes,
      KUBERNETES_SETUP_HINT,
      d => disruptionBudget(d.clusters),
    ),
    verdict('alerts', 'Alerts', alerts, ALERTS_SETUP_HINT, d => ({
      findings: [
        ...d.alerts.filter(isFiring).map(a => ({
          level: ALERT_LEVELS[a.severity] ?? 'healthy',
          text: `${a.name} firing${a.summary ? ` (${a.summary})` : ''}`,
        })),
        ...d.instances
          .filter(i => i.state === 'error')
          .map(i => ({
            level: 'warning' as const,
            text: `Alertmanager ${i.name} is failing${
              i.error?.message ? `: ${i.error.message}` : ''
            }`,
          })),
      ],
    })),
    verdict('traces', 'Traces', traces, TRACES_SETUP_HINT, d => {
      if (d.current.requestRate <= 0)
        return { noData: `No requests traced in the last ${d.window}` };
      const ratio = d.current.errorRatio;
      const text = `${(ratio * 100).toFixed(1)}% of requests fail (last ${
        d.window
      })`;
      if (ratio >= TRACE_ERROR_RATIO.critical)
        return { findings: [{ level: 'critical', text }] };
      if (ratio >= TRACE_ERROR_RATIO.warning)
        return { findings: [{ level: 'warning', text }] };
      return { findings: [] };
    }),
    verdict('argocd', 'Argo CD', argocd, ARGOCD_SETUP_HINT, d => {
      if (d.applications.length === 0)
        return { noData: 'No Argo CD application found for this service' };
      return {
        findings: d.applications.flatMap((app): Finding[] => {
          const name = `${app.instance}/${app.name}`;
          if (app.healthStatus === 'Degraded' || app.healthStatus === 'Missing')
            return [
              {
                level: 'critical' as const,
                text: `${name} is ${app.healthStatus}`,
              },
            ];
          if (app.syncStatus === 'OutOfSync')
            return [
              { level: 'warning' as const, text: `${name} is out of sync` },
            ];
          return [];
        }),
      };
    }),
    verdict(
      'zone-spread',
      'Zone spread',
      kubernetes,
      KUBERNETES_SETUP_HINT,
      d => zoneSpread(d.clusters),
    ),
    // Added sources judge themselves; they follow the built-in lines.
    ...Object.entries(status.extraSources ?? {}).map(([id, source]) =>
      verdict(
        `source:${id}`,
        source.data?.title ?? id,
        source,
        `Set up the ${id} status source for this service.`,
        d => ({ findings: d.findings }),
      ),
    ),
  ];
}
