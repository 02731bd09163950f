/*
 * What the scheduler and the kubelet take from a pod template, for the
 * simulator to honour it: the zone and host topology spread constraints,
 * pod anti-affinity on the host, and the probes that decide when a started
 * container turns ready.
 */

export const ZONE_KEY = 'topology.kubernetes.io/zone';
export const HOST_KEY = 'kubernetes.io/hostname';

export interface SpreadRule {
  maxSkew: number;
  /** DoNotSchedule (true) or ScheduleAnyway (false). */
  hard: boolean;
  /** `matchLabelKeys: [pod-template-hash]`: only pods of the same revision count. */
  perRevision: boolean;
}

export interface Placement {
  zone?: SpreadRule;
  host?: SpreadRule;
  /** Pod anti-affinity on the host against the deployment's own pods. */
  antiAffinity?: 'required' | 'preferred';
}

function spread(spec: any, key: string): SpreadRule | undefined {
  const rule = (spec?.topologySpreadConstraints ?? []).find(
    (c: any) => c?.topologyKey === key,
  );
  if (!rule) return undefined;
  return {
    maxSkew: Math.max(1, Number(rule.maxSkew) || 1),
    hard: rule.whenUnsatisfiable !== 'ScheduleAnyway',
    perRevision: (rule.matchLabelKeys ?? []).includes('pod-template-hash'),
  };
}

function selects(selector: any, labels: Record<string, string>): boolean {
  const match = selector?.matchLabels ?? {};
  return (
    Object.keys(match).length > 0 &&
    Object.entries(match).every(([k, v]) => labels[k] === v)
  );
}

export function placementOf(
  podSpec: any,
  podLabels: Record<string, string>,
): Placement {
  const anti = podSpec?.affinity?.podAntiAffinity;
  const onHost = (term: any) =>
    term?.topologyKey === HOST_KEY && selects(term.labelSelector, podLabels);
  let antiAffinity: Placement['antiAffinity'];
  if ((anti?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some(onHost))
    antiAffinity = 'required';
  else if (
    (anti?.preferredDuringSchedulingIgnoredDuringExecution ?? []).some(
      (p: any) => onHost(p?.podAffinityTerm),
    )
  )
    antiAffinity = 'preferred';
  return {
    zone: spread(podSpec, ZONE_KEY),
    host: spread(podSpec, HOST_KEY),
    antiAffinity,
  };
}

const seconds = (v: unknown, fallback: number) =>
  typeof v === 'number' && v >= 0 ? v * 1000 : fallback * 1000;

/**
 * Time from a container's start to its pod turning ready, from the
 * probes: the startup probe succeeds at its first probe after one period
 * (the application needs that long to come up), then the readiness probe
 * needs `successThreshold` passes, the first after its initial delay.
 * Without probes a container is ready when it runs.
 */
export function probeDelayMs(podSpec: any): number {
  let delay = 0;
  for (const container of podSpec?.containers ?? []) {
    const startup = container?.startupProbe;
    const readiness = container?.readinessProbe;
    let ms = 0;
    if (startup) {
      ms +=
        seconds(startup.initialDelaySeconds, 0) +
        seconds(startup.periodSeconds, 10);
    }
    if (readiness) {
      const period = seconds(readiness.periodSeconds, 10);
      const successes = Math.max(1, Number(readiness.successThreshold) || 1);
      ms +=
        seconds(readiness.initialDelaySeconds, 0) + (successes - 1) * period;
    }
    delay = Math.max(delay, ms);
  }
  return delay;
}

/**
 * An IntOrString (`2` or `"25%"`) against a total, as the Deployment and
 * disruption controllers resolve it: percentages rounded up or down.
 */
export function intOrPercent(
  value: number | string,
  total: number,
  roundUp: boolean,
): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number(value) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** `maxSurge` (rounded up) / `maxUnavailable` (down) against `replicas`, as the Deployment controller resolves them. */
export function resolveStrategy(
  strategy: { maxSurge: number | string; maxUnavailable: number | string },
  replicas: number,
): { surge: number; unavailable: number } {
  const surge = intOrPercent(strategy.maxSurge, replicas, true);
  let unavailable = intOrPercent(strategy.maxUnavailable, replicas, false);
  // Both zero would never progress; the API server forbids it, the controller uses 1.
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}
