/* eslint-disable jest/no-conditional-expect -- the checks branch on the values of the case under test; every branch asserts */
import {
  ChartCase,
  ChartOption,
  caseNames,
  renderedCases,
  only,
} from './__testUtils__/chartCases';
import { STEP, alertScenarios } from './monitoring/alertScenarios';
import {
  PromtoolRun,
  RuleGroup,
  checkExpressions,
  checkRules,
  testRules,
} from './monitoring/promtool';

/*
 * Alerts and the dashboard with the real promtool: the rendered
 * PrometheusRule loads, its multi-window multi-burn-rate SLO alerts and
 * health alerts fire exactly in the scenarios they are for (promtool unit
 * tests), every alert is routable, and every dashboard query parses and
 * looks at what the alerts look at.
 */
jest.setTimeout(600_000);

const options: Record<string, ChartOption> = {
  generated: () => ({}),
  'other objectives': () => ({
    monitoring: {
      slo: {
        availability: { objective: 0.995 },
        latency: { objective: 0.98, thresholdSeconds: '0.25' },
      },
    },
  }),
};

const cases = renderedCases(options);
// Environments render the same rules: each distinct rule set is tested once.
const unitTestRuns = new Map<string, PromtoolRun>();

function groups(c: ChartCase): RuleGroup[] {
  return only(c.render.documents, 'PrometheusRule').spec.groups;
}

function alerts(c: ChartCase): Array<Record<string, any>> {
  return groups(c)
    .flatMap(g => g.rules)
    .filter(r => r.alert);
}

/** Metric names a PromQL expression selects (`name{…}`). */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map(m => m[1]);
}

describe.each(caseNames(options))('alerts of %s', name => {
  const c = () => cases(name);

  it('routes every alert by team, service and severity, with a runbook, summary and description', () => {
    const v = c().values;
    const names = alerts(c()).map(a => a.alert);
    expect(names).toEqual([
      'ServiceAvailabilityBudgetBurnFast',
      'ServiceAvailabilityBudgetBurnSlow',
      'ServiceLatencyBudgetBurnFast',
      'ServiceLatencyBudgetBurnSlow',
      'ServiceTargetAbsent',
      'ServiceTargetDown',
      'ServiceCrashLooping',
      'ServiceOOMKilled',
      ...(v.autoscaling.enabled ? ['ServiceHpaAtMaxReplicas'] : []),
    ]);
    for (const alert of alerts(c())) {
      expect(alert.labels).toMatchObject({
        team: v.team,
        service: c().render.documents.find(d => d.kind === 'Deployment')!
          .metadata.name,
        namespace: c().namespace,
        severity: expect.stringMatching(/^(critical|warning)$/),
      });
      expect(Object.keys(alert.annotations).sort()).toEqual([
        'description',
        'runbook_url',
        'summary',
      ]);
      expect(alert.annotations.runbook_url).toBe(
        `${v.monitoring.runbookBaseUrl}#${alert.alert.toLowerCase()}`,
      );
      expect(new URL(alert.annotations.runbook_url).protocol).toBe('https:');
      expect(alert.annotations.summary.length).toBeGreaterThan(10);
      expect(alert.annotations.description.length).toBeGreaterThan(20);
    }
    // fast burns page, slow burns file tickets
    for (const alert of alerts(c()).filter(a =>
      a.alert.includes('BudgetBurn'),
    )) {
      expect(alert.labels.severity).toBe(
        alert.alert.endsWith('Fast') ? 'critical' : 'warning',
      );
    }
  });

  it('burns against the objectives and latency threshold of the values', () => {
    const slo = c().values.monitoring.slo;
    const byName = Object.fromEntries(alerts(c()).map(a => [a.alert, a.expr]));
    const budget = (o: number) => `(1 - ${o})`;
    for (const [kind, objective] of [
      ['Availability', slo.availability.objective],
      ['Latency', slo.latency.objective],
    ] as const) {
      const fast = byName[`Service${kind}BudgetBurnFast`];
      const slow = byName[`Service${kind}BudgetBurnSlow`];
      for (const [long, short, factor, expr] of [
        ['1h', '5m', '14.4', fast],
        ['6h', '30m', '6', fast],
        ['1d', '2h', '3', slow],
        ['3d', '6h', '1', slow],
      ]) {
        const series = kind === 'Availability' ? 'errors' : 'slow';
        expect(expr).toContain(
          `service:http_requests_${series}:ratio_rate${long}{namespace="${
            c().namespace
          }",service="${alerts(c())[0].labels.service}"} > ${factor} * ${budget(
            objective,
          )} and service:http_requests_${series}:ratio_rate${short}{`,
        );
      }
    }
    const recorded = groups(c())
      .flatMap(g => g.rules)
      .filter(r => r.record);
    for (const rule of recorded.filter(r =>
      String(r.record).includes('slow'),
    )) {
      expect(rule.expr).toContain(`le="${slo.latency.thresholdSeconds}"`);
    }
  });

  it('passes promtool check rules', () => {
    expect(checkRules(groups(c()))).toEqual({
      ok: true,
      output: expect.stringContaining('SUCCESS'),
    });
  });

  it('fires exactly in the scenarios it is for (promtool test rules)', () => {
    const v = c().values;
    const tests = alertScenarios(
      {
        namespace: c().namespace,
        service: alerts(c())[0].labels.service,
        team: v.team,
        availabilityObjective: v.monitoring.slo.availability.objective,
        latencyObjective: v.monitoring.slo.latency.objective,
        latencyThreshold: v.monitoring.slo.latency.thresholdSeconds,
        autoscaling: v.autoscaling.enabled,
        maxReplicas: v.autoscaling.maxReplicas,
      },
      groups(c()),
    );
    expect(tests.length).toBeGreaterThanOrEqual(16);
    const key = JSON.stringify([groups(c()), tests]);
    if (!unitTestRuns.has(key)) {
      unitTestRuns.set(key, testRules(groups(c()), tests, STEP));
    }
    const result = unitTestRuns.get(key);
    expect(result).toEqual({
      ok: true,
      output: expect.stringContaining('SUCCESS'),
    });
  });

  it('ships a Grafana dashboard whose queries parse and cover what the alerts watch', () => {
    const configMap = c().render.documents.find(
      d =>
        d.kind === 'ConfigMap' && d.metadata.labels?.grafana_dashboard === '1',
    )!;
    expect(configMap).toBeDefined();
    const files = Object.keys(configMap.data);
    expect(files).toEqual([`${alerts(c())[0].labels.service}.json`]);
    const dashboard = JSON.parse(configMap.data[files[0]]);
    expect(dashboard.title).toBe(
      `${alerts(c())[0].labels.service} (${c().env})`,
    );
    expect(dashboard.uid.length).toBeLessThanOrEqual(40);
    const targets = dashboard.panels.flatMap((p: any) => p.targets);
    expect(targets.length).toBeGreaterThan(10);
    const exprs: string[] = targets.map((t: any) => t.expr);
    expect(checkExpressions(exprs)).toEqual({
      ok: true,
      output: expect.stringContaining('SUCCESS'),
    });
    const family = (metric: string) => metric.replace(/_rate\w+$/, '_rate');
    const shown = new Set(exprs.flatMap(metricNames).map(family));
    const watched = new Set(
      groups(c())
        .flatMap(g => g.rules)
        .flatMap(r => metricNames(String(r.expr)))
        .map(family),
    );
    expect([...watched].filter(m => !shown.has(m))).toEqual([]);
    // panel ids are unique and the grid has no overlaps
    const ids = dashboard.panels.map((p: any) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = dashboard.panels.map(
      (p: any) => `${p.gridPos.x},${p.gridPos.y}`,
    );
    expect(new Set(cells).size).toBe(cells.length);
  });
});
