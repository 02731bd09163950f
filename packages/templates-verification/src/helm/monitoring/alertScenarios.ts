import { RuleGroup, RuleTest } from './promtool';

/*
 * promtool unit tests for the chart's alerts: series that burn an SLO's
 * error budget above, below and around the Google SRE workbook's thresholds
 * (14.4× over 1h and 5m or 6× over 6h and 30m pages; 3× over 1d and 2h or
 * 1× over 3d and 6h files a ticket), plus the health alerts. Thresholds come
 * from the objectives the chart was rendered with, so the scenarios follow
 * the values.
 */

export interface AlertContext {
  namespace: string;
  service: string;
  team: string;
  availabilityObjective: number;
  latencyObjective: number;
  /** The latency SLO's `le` bucket, e.g. "0.5". */
  latencyThreshold: string;
  autoscaling: boolean;
  maxReplicas: number;
}

/** Requests per sample; samples are 5 minutes apart, as rules are evaluated. */
const PER_SAMPLE = 50_000;
export const STEP = '5m';

/** A counter as promtool's expanding notation, from [increase per sample, samples] segments. */
export function counter(segments: Array<[number, number]>): string {
  let value = 0;
  const parts = ['0'];
  for (const [increase, samples] of segments) {
    if (samples <= 0) continue;
    const start = value + increase;
    parts.push(
      samples === 1 ? `${start}` : `${start}+${increase}x${samples - 1}`,
    );
    value += increase * samples;
  }
  return parts.join(' ');
}

/** Requests per sample: `share` of them bad, for `samples` samples. */
type Phase = [share: number, samples: number];

interface Sli {
  kind: 'Availability' | 'Latency';
  budget: number;
  /** Input series for phases of bad shares. */
  series(
    phases: Phase[],
    labels: string,
  ): Array<{ series: string; values: string }>;
}

function slis(ctx: AlertContext): Sli[] {
  return [
    {
      kind: 'Availability',
      budget: 1 - ctx.availabilityObjective,
      series: (phases, labels) => [
        {
          series: `http_requests_total{${labels},code="200"}`,
          values: counter(
            phases.map(([s, n]) => [Math.round(PER_SAMPLE * (1 - s)), n]),
          ),
        },
        {
          series: `http_requests_total{${labels},code="500"}`,
          values: counter(
            phases.map(([s, n]) => [Math.round(PER_SAMPLE * s), n]),
          ),
        },
      ],
    },
    {
      kind: 'Latency',
      budget: 1 - ctx.latencyObjective,
      series: (phases, labels) => [
        {
          series: `http_request_duration_seconds_count{${labels}}`,
          values: counter(phases.map(([, n]) => [PER_SAMPLE, n])),
        },
        {
          series: `http_request_duration_seconds_bucket{${labels},le="${ctx.latencyThreshold}"}`,
          values: counter(
            phases.map(([s, n]) => [Math.round(PER_SAMPLE * (1 - s)), n]),
          ),
        },
      ],
    },
  ];
}

/** The alert's annotations as Prometheus expands them for these labels. */
function expand(
  annotations: Record<string, string>,
  labels: Record<string, string>,
) {
  return Object.fromEntries(
    Object.entries(annotations).map(([k, v]) => [
      k,
      v.replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_m, l) => labels[l] ?? ''),
    ]),
  );
}

/**
 * Every scenario as a promtool test, checked against the rule groups the
 * chart rendered: `rules` gives each alert's labels and annotations.
 */
export function alertScenarios(
  ctx: AlertContext,
  groups: RuleGroup[],
): RuleTest[] {
  const alerts = new Map(
    groups
      .flatMap(g => g.rules)
      .filter(r => r.alert)
      .map(r => [r.alert as string, r]),
  );
  const firing = (alert: string, extra: Record<string, string> = {}) => {
    const rule = alerts.get(alert);
    if (!rule) throw new Error(`the chart has no alert ${alert}`);
    const labels = { ...(rule.labels as Record<string, string>), ...extra };
    return {
      exp_labels: labels,
      exp_annotations: expand(
        rule.annotations as Record<string, string>,
        labels,
      ),
    };
  };
  const sel = `namespace="${ctx.namespace}",service="${ctx.service}"`;
  const selLabels = { namespace: ctx.namespace, service: ctx.service };
  const tests: RuleTest[] = [];

  for (const sli of slis(ctx)) {
    const fast = `Service${sli.kind}BudgetBurnFast`;
    const slow = `Service${sli.kind}BudgetBurnSlow`;
    const burning = Math.min(0.99, 14.4 * sli.budget * 1.25);
    const blip = Math.min(0.99, 50 * sli.budget);
    // Fast burn after 6 h (72 samples) of health: pages once both 1 h and
    // 5 m are hot, not at the onset.
    tests.push({
      name: `${fast} fires on a burn above 14.4x`,
      interval: STEP,
      input_series: sli.series(
        [
          [0, 72],
          [burning, 14],
        ],
        sel,
      ),
      alert_rule_test: [
        { eval_time: '365m', alertname: fast, exp_alerts: [] },
        {
          eval_time: '425m',
          alertname: fast,
          exp_alerts: [firing(fast, selLabels)],
        },
      ],
    });
    // The same burn, stopped: the 5 m window lets the page resolve at once.
    tests.push({
      name: `${fast} resolves when the short window cools`,
      interval: STEP,
      input_series: sli.series(
        [
          [0, 72],
          [burning, 13],
          [0, 2],
        ],
        sel,
      ),
      alert_rule_test: [
        {
          eval_time: '425m',
          alertname: fast,
          exp_alerts: [firing(fast, selLabels)],
        },
        { eval_time: '435m', alertname: fast, exp_alerts: [] },
      ],
    });
    // Below both page thresholds for hours: no page.
    tests.push({
      name: `${fast} stays quiet below 6x`,
      interval: STEP,
      input_series: sli.series(
        [
          [0, 72],
          [6 * sli.budget * 0.7, 84],
        ],
        sel,
      ),
      alert_rule_test: [{ eval_time: '780m', alertname: fast, exp_alerts: [] }],
    });
    // One hot sample heats the 5 m window only: no page.
    tests.push({
      name: `${fast} ignores a blip`,
      interval: STEP,
      input_series: sli.series(
        [
          [0, 72],
          [blip, 1],
          [0, 2],
        ],
        sel,
      ),
      alert_rule_test: [{ eval_time: '365m', alertname: fast, exp_alerts: [] }],
    });
    // A steady 4.5x burn for a day after 6 healthy hours: a ticket, not a page.
    tests.push({
      name: `${slow} files a ticket on a steady burn above 3x`,
      interval: STEP,
      input_series: sli.series(
        [
          [0, 72],
          [4.5 * sli.budget, 289],
        ],
        sel,
      ),
      alert_rule_test: [
        { eval_time: '300m', alertname: slow, exp_alerts: [] },
        {
          eval_time: '1800m',
          alertname: slow,
          exp_alerts: [firing(slow, selLabels)],
        },
        { eval_time: '1800m', alertname: fast, exp_alerts: [] },
      ],
    });
    // Half the budget rate for a day: nothing at all.
    tests.push({
      name: `${slow} stays quiet within budget`,
      interval: STEP,
      input_series: sli.series([[0.5 * sli.budget, 300]], sel),
      alert_rule_test: [
        { eval_time: '1500m', alertname: slow, exp_alerts: [] },
        { eval_time: '1500m', alertname: fast, exp_alerts: [] },
      ],
    });
  }

  tests.push({
    name: 'ServiceTargetAbsent fires when no target is up, not while one is',
    interval: STEP,
    input_series: [
      { series: `up{${sel},pod="a"}`, values: '0x8' },
      {
        series: `up{namespace="${ctx.namespace}",service="other",pod="b"}`,
        values: '1x8',
      },
    ],
    alert_rule_test: [
      { eval_time: '0m', alertname: 'ServiceTargetAbsent', exp_alerts: [] },
      {
        eval_time: '10m',
        alertname: 'ServiceTargetAbsent',
        exp_alerts: [firing('ServiceTargetAbsent')],
      },
    ],
  });
  tests.push({
    name: 'ServiceTargetAbsent stays quiet while a target is up',
    interval: STEP,
    input_series: [
      { series: `up{${sel},pod="a"}`, values: '1x8' },
      { series: `up{${sel},pod="b"}`, values: '0x8' },
    ],
    alert_rule_test: [
      { eval_time: '30m', alertname: 'ServiceTargetAbsent', exp_alerts: [] },
    ],
  });
  tests.push({
    name: 'ServiceTargetDown fires when more than 10% of the targets are down for 10 minutes',
    interval: STEP,
    input_series: [
      { series: `up{${sel},pod="a"}`, values: '1x8' },
      { series: `up{${sel},pod="b"}`, values: '1x8' },
      { series: `up{${sel},pod="c"}`, values: '1x8' },
      { series: `up{${sel},pod="d"}`, values: '0x8' },
    ],
    alert_rule_test: [
      { eval_time: '5m', alertname: 'ServiceTargetDown', exp_alerts: [] },
      {
        eval_time: '15m',
        alertname: 'ServiceTargetDown',
        exp_alerts: [firing('ServiceTargetDown', selLabels)],
      },
    ],
  });
  const waiting = (pod: string, values: string) => ({
    series: `kube_pod_container_status_waiting_reason{namespace="${ctx.namespace}",pod="${pod}",container="${ctx.service}",reason="CrashLoopBackOff"}`,
    values,
  });
  tests.push({
    name: 'ServiceCrashLooping fires for a pod in CrashLoopBackOff for 15 minutes',
    interval: STEP,
    input_series: [
      waiting(`${ctx.service}-7d9f-a`, '1x8'),
      waiting(`${ctx.service}-7d9f-b`, '0x8'),
    ],
    alert_rule_test: [
      { eval_time: '10m', alertname: 'ServiceCrashLooping', exp_alerts: [] },
      {
        eval_time: '20m',
        alertname: 'ServiceCrashLooping',
        exp_alerts: [
          firing('ServiceCrashLooping', {
            namespace: ctx.namespace,
            pod: `${ctx.service}-7d9f-a`,
          }),
        ],
      },
    ],
  });
  // kube-state-metrics: the last termination's reason stays 1 until the
  // next termination; the restart counter dates it.
  const lastTerminated = (pod: string, reason: string, values: string) => ({
    series: `kube_pod_container_status_last_terminated_reason{namespace="${ctx.namespace}",pod="${pod}",container="${ctx.service}",reason="${reason}"}`,
    values,
  });
  const restarts = (pod: string, values: string) => ({
    series: `kube_pod_container_status_restarts_total{namespace="${ctx.namespace}",pod="${pod}",container="${ctx.service}"}`,
    values,
  });
  tests.push({
    name: 'ServiceOOMKilled fires once a container is killed for memory, and resolves 15 minutes after',
    interval: STEP,
    input_series: [
      restarts(`${ctx.service}-7d9f-a`, '0x2 1x10'),
      lastTerminated(`${ctx.service}-7d9f-a`, 'OOMKilled', '_x2 1x10'),
      restarts(`${ctx.service}-7d9f-b`, '0x12'),
    ],
    alert_rule_test: [
      { eval_time: '5m', alertname: 'ServiceOOMKilled', exp_alerts: [] },
      {
        eval_time: '15m',
        alertname: 'ServiceOOMKilled',
        exp_alerts: [
          firing('ServiceOOMKilled', {
            namespace: ctx.namespace,
            pod: `${ctx.service}-7d9f-a`,
          }),
        ],
      },
      { eval_time: '40m', alertname: 'ServiceOOMKilled', exp_alerts: [] },
    ],
  });
  tests.push({
    name: 'ServiceOOMKilled stays quiet for a restart of another reason and for an old OOM kill',
    interval: STEP,
    input_series: [
      // Restarted after an error exit.
      restarts(`${ctx.service}-7d9f-a`, '0x2 1x10'),
      lastTerminated(`${ctx.service}-7d9f-a`, 'Error', '_x2 1x10'),
      lastTerminated(`${ctx.service}-7d9f-a`, 'OOMKilled', '_x2 0x10'),
      // Killed for memory long ago, running since.
      restarts(`${ctx.service}-7d9f-b`, '3x12'),
      lastTerminated(`${ctx.service}-7d9f-b`, 'OOMKilled', '1x12'),
    ],
    alert_rule_test: [
      { eval_time: '15m', alertname: 'ServiceOOMKilled', exp_alerts: [] },
      { eval_time: '50m', alertname: 'ServiceOOMKilled', exp_alerts: [] },
    ],
  });
  if (ctx.autoscaling) {
    const hpa = (metric: string, values: string) => ({
      series: `${metric}{namespace="${ctx.namespace}",horizontalpodautoscaler="${ctx.service}",job="kube-state-metrics"}`,
      values,
    });
    tests.push({
      name: 'ServiceHpaAtMaxReplicas fires when pinned at the maximum for 15 minutes',
      interval: STEP,
      input_series: [
        hpa(
          'kube_horizontalpodautoscaler_spec_max_replicas',
          `${ctx.maxReplicas}x12`,
        ),
        hpa(
          'kube_horizontalpodautoscaler_status_current_replicas',
          `${ctx.maxReplicas - 1}x2 ${ctx.maxReplicas}x9`,
        ),
      ],
      alert_rule_test: [
        {
          eval_time: '25m',
          alertname: 'ServiceHpaAtMaxReplicas',
          exp_alerts: [],
        },
        {
          eval_time: '35m',
          alertname: 'ServiceHpaAtMaxReplicas',
          exp_alerts: [
            firing('ServiceHpaAtMaxReplicas', {
              namespace: ctx.namespace,
              horizontalpodautoscaler: ctx.service,
            }),
          ],
        },
      ],
    });
  }
  return tests;
}
