/*
 * The rule groups of the golden-path chart's PrometheusRule
 * (templates/eks-service/skeleton/chart/templates/prometheusrule.yaml),
 * built in TypeScript so the sandbox loads, for every demo service, exactly
 * what the chart would deploy for it, without a Helm run per service at
 * start. The templates-verification package renders the chart with the real
 * Helm and asserts these groups equal it (chartRulesFidelity.test.ts): change
 * both together.
 */

/** The chart values the PrometheusRule reads; defaults are the template's. */
export interface ChartRuleValues {
  /** `service.name`: the workload name and `service` label. */
  service: string;
  /** The release namespace. */
  namespace: string;
  /** `.Values.team`. */
  team: string;
  /** `.Values.monitoring.runbookBaseUrl`. */
  runbookBaseUrl: string;
  /** `.Values.monitoring.slo.availability.objective`, default 0.999. */
  availabilityObjective?: number;
  /** `.Values.monitoring.slo.latency.objective`, default 0.99. */
  latencyObjective?: number;
  /** `.Values.monitoring.slo.latency.thresholdSeconds` (a histogram `le`), default "0.5". */
  latencyThresholdSeconds?: string;
  /** `.Values.autoscaling.enabled`, default true. */
  autoscaling?: boolean;
  /** `.Values.autoscaling.maxReplicas`, default 10. */
  maxReplicas?: number;
}

/**
 * Timing of the rules; production (the chart's) by default. The burn-rate
 * alerts have no `for:` (their short windows already debounce) and fire as
 * soon as both windows of a pair burn; only the health alerts wait.
 */
export interface AlertRuleTiming {
  /** Replaces the `for:` of every health alert that waits (chart: 5m, 10m, 15m, 15m; ServiceOOMKilled has none). */
  healthFor?: string;
}

export interface RecordingRule {
  record: string;
  expr: string;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: Array<RecordingRule | AlertingRule>;
}

export const CHART_DEFAULTS = {
  availabilityObjective: 0.999,
  latencyObjective: 0.99,
  latencyThresholdSeconds: '0.5',
  autoscaling: true,
  maxReplicas: 10,
} as const;

/** The windows of the Google SRE workbook's multi-window, multi-burn-rate alerts. */
const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/** [long window, short window, burn-rate factor] per speed: page on 2 %/1 h or 5 %/6 h, ticket on 10 %/3 d. */
const SPEEDS = [
  {
    name: 'Fast',
    severity: 'critical',
    pairs: [
      ['1h', '5m', '14.4'],
      ['6h', '30m', '6'],
    ],
    summary: 'fast (page)',
    exhausts: 'about 2 or 5 days',
  },
  {
    name: 'Slow',
    severity: 'warning',
    pairs: [
      ['1d', '2h', '3'],
      ['3d', '6h', '1'],
    ],
    summary: 'steadily (ticket)',
    exhausts: 'about 10 or 30 days',
  },
];

/** The chart's PrometheusRule `spec.groups` for one service. */
export function chartRuleGroups(
  input: ChartRuleValues,
  timing: AlertRuleTiming = {},
): RuleGroup[] {
  const v = { ...CHART_DEFAULTS, ...definedOnly(input) };
  const { service, namespace: ns, runbookBaseUrl: runbook } = v;
  const sel = `namespace="${ns}",service="${service}"`;
  const routing = { team: v.team, service, namespace: ns };
  const healthFor = (production: string) => timing.healthFor ?? production;

  const recording: RecordingRule[] = WINDOWS.flatMap(w => [
    {
      record: `service:http_requests_errors:ratio_rate${w}`,
      expr: `sum by (namespace, service) (rate(http_requests_total{${sel},code=~"5.."}[${w}])) / sum by (namespace, service) (rate(http_requests_total{${sel}}[${w}]))`,
    },
    {
      record: `service:http_requests_slow:ratio_rate${w}`,
      expr: `1 - (sum by (namespace, service) (rate(http_request_duration_seconds_bucket{${sel},le="${v.latencyThresholdSeconds}"}[${w}])) / sum by (namespace, service) (rate(http_request_duration_seconds_count{${sel}}[${w}])))`,
    },
  ]);

  const slis = [
    {
      kind: 'Availability',
      series: 'errors',
      objective: v.availabilityObjective,
      what: 'failing (5xx)',
    },
    {
      kind: 'Latency',
      series: 'slow',
      objective: v.latencyObjective,
      what: `slower than ${v.latencyThresholdSeconds}s`,
    },
  ];
  const burns: AlertingRule[] = slis.flatMap(sli => {
    const budget = `(1 - ${goValue(sli.objective)})`;
    const ratio = `service:http_requests_${sli.series}:ratio_rate`;
    return SPEEDS.map(speed => {
      const alert = `Service${sli.kind}BudgetBurn${speed.name}`;
      const terms = speed.pairs.map(([long, short, factor]) => {
        const threshold = `${factor} * ${budget}`;
        return `(${ratio}${long}{${sel}} > ${threshold} and ${ratio}${short}{${sel}} > ${threshold})`;
      });
      return {
        alert,
        expr: terms.join(' or '),
        labels: {
          severity: speed.severity,
          slo: sli.kind.toLowerCase(),
          ...routing,
        },
        annotations: {
          summary: `${service} is burning its ${sli.kind.toLowerCase()} error budget ${
            speed.summary
          }`,
          description: `The share of requests ${sli.what} in ${ns} is above ${
            speed.pairs[0][2]
          }/${speed.pairs[1][2]} times the budget of the ${goValue(
            sli.objective,
          )} objective over both the long and the short window; at this rate the 30-day budget is gone in ${
            speed.exhausts
          }.`,
          runbook_url: `${runbook}#${alert.toLowerCase()}`,
        },
      };
    });
  });

  const health: AlertingRule[] = [
    {
      alert: 'ServiceTargetAbsent',
      expr: `absent(up{${sel}} == 1)`,
      for: healthFor('5m'),
      labels: { severity: 'critical', ...routing },
      annotations: {
        summary: `${service}: no pod answers Prometheus`,
        description: `No scrape target of ${service} in ${ns} has been up for 5 minutes: every pod is down, or none is scraped.`,
        runbook_url: `${runbook}#servicetargetabsent`,
      },
    },
    {
      alert: 'ServiceTargetDown',
      expr: `100 * count by (namespace, service) (up{${sel}} == 0) / count by (namespace, service) (up{${sel}}) > 10`,
      for: healthFor('10m'),
      labels: { severity: 'warning', ...routing },
      annotations: {
        summary: `${service}: more than 10% of its pods cannot be scraped`,
        description: `More than 10% of the scrape targets of ${service} in ${ns} have been down for 10 minutes.`,
        runbook_url: `${runbook}#servicetargetdown`,
      },
    },
    {
      alert: 'ServiceCrashLooping',
      expr: `max by (namespace, pod) (max_over_time(kube_pod_container_status_waiting_reason{namespace="${ns}",container="${service}",reason="CrashLoopBackOff"}[5m])) >= 1`,
      for: healthFor('15m'),
      labels: { severity: 'warning', ...routing },
      annotations: {
        summary: `${service}: a pod is crash looping`,
        description: `Pod {{ $labels.pod }} of ${service} in ${ns} has been in CrashLoopBackOff for 15 minutes.`,
        runbook_url: `${runbook}#servicecrashlooping`,
      },
    },
    {
      // An event, not a state: no `for:` (the 15 m increase dates it).
      alert: 'ServiceOOMKilled',
      expr: `max by (namespace, pod) (kube_pod_container_status_last_terminated_reason{namespace="${ns}",container="${service}",reason="OOMKilled"}) == 1 and on (namespace, pod) max by (namespace, pod) (increase(kube_pod_container_status_restarts_total{namespace="${ns}",container="${service}"}[15m])) > 0`,
      labels: { severity: 'warning', ...routing },
      annotations: {
        summary: `${service}: a container was killed for running out of memory`,
        description: `The container of pod {{ $labels.pod }} of ${service} in ${ns} was killed in the last 15 minutes for using more than its memory limit (resources.memory); the requests it was serving failed.`,
        runbook_url: `${runbook}#serviceoomkilled`,
      },
    },
  ];
  if (v.autoscaling) {
    const hpa = `namespace="${ns}",horizontalpodautoscaler="${service}"`;
    health.push({
      alert: 'ServiceHpaAtMaxReplicas',
      expr: `max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{${hpa}}) >= max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas{${hpa}})`,
      for: healthFor('15m'),
      labels: { severity: 'warning', ...routing },
      annotations: {
        summary: `${service}: autoscaler pinned at its maximum of ${Math.trunc(
          v.maxReplicas,
        )} replicas`,
        description: `The HorizontalPodAutoscaler of ${service} in ${ns} has run at its maximum for 15 minutes: the service may be saturated; raise autoscaling.maxReplicas or find the bottleneck.`,
        runbook_url: `${runbook}#servicehpaatmaxreplicas`,
      },
    });
  }

  return [
    { name: `${service}.slo.rules`, rules: recording },
    { name: `${service}.slo.alerts`, rules: burns },
    { name: `${service}.health`, rules: health },
  ];
}

/** Go's `%v` of a float64 as the chart prints objectives (0.999, 1e-05, 1). */
function goValue(value: number): string {
  if (!Number.isFinite(value)) {
    throw new Error(`an SLO objective must be a finite number, got ${value}`);
  }
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    // %v of a float64 is %g: exponent with at least two digits.
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(value);
}

function definedOnly<T extends object>(input: T): T {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as T;
}
