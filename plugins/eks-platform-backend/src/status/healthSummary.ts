import {
  EntityPlatformStatus,
  HEALTH_SEVERITY,
  HealthLevel,
  HealthSummary,
  isFiring,
  RegistrationFacts,
  TRACE_ERROR_RATIO,
  worstLevel,
} from '@internal/backstage-plugin-eks-platform-common';

/** Alert severities that change an entity's health; others (info, none) do not. */
const ALERT_LEVELS: Record<string, HealthLevel> = {
  critical: 'critical',
  warning: 'warning',
};

/** Pod waiting reasons worth a warning, in words: the pod is named so its owner can find it. */
const POD_PROBLEMS: Record<string, string> = {
  CrashLoopBackOff: 'is crash-looping',
  ImagePullBackOff: 'cannot pull its image',
  ErrImagePull: 'cannot pull its image',
};

/** "14:05 UTC" (or the date too when not today): reasons are plain text, no raw ISO times. */
function clockOf(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const text = at.toISOString();
  const sameDay = text.slice(0, 10) === new Date().toISOString().slice(0, 10);
  return `${sameDay ? '' : `${text.slice(0, 10)} `}${text.slice(11, 16)} UTC`;
}

/**
 * Kubernetes answered for every cluster and none runs anything of this
 * service: it was never deployed (or everything of it was removed).
 */
export function hasNoWorkloads(
  kubernetes: EntityPlatformStatus['sources']['kubernetes'],
): boolean {
  if (kubernetes.state !== 'ok' || !kubernetes.data) return false;
  return kubernetes.data.clusters.every(
    c => c.state === 'ok' && c.deployments.length === 0 && c.pods.length === 0,
  );
}

/**
 * Whether the service has a Deployment in some cluster. An open pull
 * request of a service that already runs is a change to it (a re-run of the
 * template), not a pending first deployment, so its registration facts do
 * not count.
 */
export function runsSomewhere(
  sources: EntityPlatformStatus['sources'],
): boolean {
  return (sources.kubernetes.data?.clusters ?? []).some(
    c => c.deployments.length > 0,
  );
}

/**
 * One level and plain reasons per entity, worst first, from what every
 * source says. A source that failed makes the picture incomplete
 * (warning), never silently healthy; nothing known at all is `unknown`.
 * A service whose registration pull request is open, or that runs nowhere,
 * is `pending`, with the pull request in `registration`.
 */
export function summarizeHealth(
  sources: EntityPlatformStatus['sources'],
  registration: RegistrationFacts = {},
): HealthSummary {
  const findings: Array<{ level: HealthLevel; reason: string }> = [];
  const add = (level: HealthLevel, reason: string) =>
    findings.push({ level, reason });
  const notDeployed = hasNoWorkloads(sources.kubernetes);
  const pull = runsSomewhere(sources) ? undefined : registration.pullRequest;
  if (pull)
    add(
      'pending',
      `Not deployed yet: registration pull request #${pull.number} is open; the service deploys once it is merged`,
    );
  else if (notDeployed)
    add('pending', 'Not deployed yet: no workloads in any cluster');

  for (const [name, result] of Object.entries(sources)) {
    if (result.state === 'error')
      add(
        'warning',
        `${name} status unavailable: ${
          result.error?.message ?? 'unknown error'
        }`,
      );
    else if (result.state === 'stale')
      add(
        'warning',
        `${name} status may be outdated (${result.error?.upstream}: ${result.error?.message})`,
      );
  }

  for (const cluster of sources.kubernetes.data?.clusters ?? []) {
    for (const d of cluster.deployments) {
      const where = `${cluster.cluster}/${d.namespace}/${d.name}`;
      if (d.replicas.desired > 0 && d.replicas.available === 0)
        add('critical', `${where}: no replica available`);
      else if (d.replicas.unavailable > 0)
        add(
          'warning',
          `${where}: ${d.replicas.unavailable} of ${d.replicas.desired} replicas unavailable`,
        );
      if (d.rollout.state === 'stalled')
        add(
          'critical',
          `${where}: rollout stalled${
            d.rollout.message ? ` (${d.rollout.message})` : ''
          }`,
        );
    }
    for (const p of cluster.pods) {
      const problem = p.reason ? POD_PROBLEMS[p.reason] : undefined;
      if (problem)
        add(
          'warning',
          `${cluster.cluster}: pod ${p.name} ${problem} (${p.reason}${
            p.restarts > 0 ? `, ${p.restarts} restarts` : ''
          })`,
        );
    }
    for (const h of cluster.hpas) {
      if (h.pinnedAtMax)
        add(
          'warning',
          `${cluster.cluster}/${h.namespace}/${
            h.name
          }: autoscaler pinned at max ${h.maxReplicas} replicas${
            h.pinnedAtMaxSince ? ` since ${clockOf(h.pinnedAtMaxSince)}` : ''
          }`,
        );
    }
    for (const pdb of cluster.pdbs) {
      if (pdb.blocksDrains)
        add(
          'warning',
          `${cluster.cluster}/${pdb.namespace}/${pdb.name}: disruption budget allows no eviction; node drains will block`,
        );
    }
    if (cluster.deployments.length > 0 && !cluster.placement.spreadHolds) {
      for (const problem of cluster.placement.problems)
        add('warning', `${cluster.cluster}: ${problem}`);
    }
  }

  for (const alert of sources.alerts.data?.alerts ?? []) {
    if (!isFiring(alert)) continue;
    const level = ALERT_LEVELS[alert.severity] ?? 'healthy';
    if (level !== 'healthy')
      add(
        level,
        `alert ${alert.name} firing${
          alert.summary ? `: ${alert.summary}` : ''
        }`,
      );
  }

  const traces = sources.traces.data;
  if (traces && traces.current.requestRate > 0) {
    const pct = (traces.current.errorRatio * 100).toFixed(1);
    if (traces.current.errorRatio >= TRACE_ERROR_RATIO.critical)
      add('critical', `${pct}% of requests fail`);
    else if (traces.current.errorRatio >= TRACE_ERROR_RATIO.warning)
      add('warning', `${pct}% of requests fail`);
  }

  for (const app of sources.argocd.data?.applications ?? []) {
    // Missing before anything ever ran is the pending deployment itself.
    if (app.healthStatus === 'Missing' && (notDeployed || pull))
      add(
        'pending',
        `Argo CD ${app.instance}/${app.name} has not deployed it yet`,
      );
    else if (app.healthStatus === 'Degraded' || app.healthStatus === 'Missing')
      add(
        'critical',
        `Argo CD ${app.instance}/${app.name} is ${app.healthStatus}`,
      );
    else if (app.syncStatus === 'OutOfSync')
      add('warning', `Argo CD ${app.instance}/${app.name} is out of sync`);
  }

  const anyKnown = Object.values(sources).some(
    s => s.state === 'ok' || s.state === 'stale',
  );
  const pendingFacts = pull ? { registration: { pullRequest: pull } } : {};
  if (!anyKnown && !pull) {
    return {
      level: 'unknown',
      reasons:
        findings.length > 0
          ? findings.map(f => f.reason)
          : ['no source has data for this entity'],
    };
  }
  findings.sort((a, b) => HEALTH_SEVERITY[b.level] - HEALTH_SEVERITY[a.level]);
  const level = worstLevel(findings.map(f => f.level));
  return {
    level,
    reasons: findings.map(f => f.reason),
    ...(level === 'pending' ? pendingFacts : {}),
  };
}
