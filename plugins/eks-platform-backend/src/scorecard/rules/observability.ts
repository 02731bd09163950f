import { TracePoint } from '@internal/backstage-plugin-eks-platform-common';
import {
  ScorecardRule,
  ScorecardRuleContext,
} from '@internal/backstage-plugin-eks-platform-node';
import { fail, failIfAny, freshData, pass, unknown } from './verdicts';

export const alertRulesExist: ScorecardRule = {
  id: 'alert-rules-exist',
  title: 'Alert rules exist for the service',
  why: 'Without alerting rules nobody learns that the service is failing until its users say so.',
  fix: 'Keep monitoring.enabled: true: the chart’s PrometheusRule adds availability and latency burn-rate alerts labelled with the service.',
  chartValue: 'monitoring.enabled',
  severity: 'high',
  appliesTo: {},
  evaluate: context => {
    const alerts = freshData('Alerts', context.status.sources.alerts);
    if ('missing' in alerts) return unknown(alerts.missing);
    const rules = alerts.data.rules;
    if (!rules) return unknown('no Prometheus rules are read');
    return rules.names.length > 0
      ? pass()
      : fail([
          `no alerting rule in ${rules.prometheus} carries the service’s labels`,
        ]);
  },
};

export const alertsReachOwner: ScorecardRule = {
  id: 'alerts-route-to-owner',
  title: 'Alerts route to a receiver of the owning team',
  why: 'An alert that lands with the wrong team, or with nobody, is an alert nobody acts on.',
  fix: 'Set monitoring.labels so the alerts carry the team label the Alertmanager routing tree sends to the team’s receiver.',
  chartValue: 'monitoring.labels',
  severity: 'high',
  appliesTo: {},
  evaluate: context => {
    const alerts = freshData('Alerts', context.status.sources.alerts);
    if ('missing' in alerts) return unknown(alerts.missing);
    const routing = alerts.data.routing;
    if (!routing || routing.length === 0)
      return unknown('the Alertmanager routing tree is not read');
    return failIfAny(
      routing
        .filter(r => !r.reachesOwner)
        .map(
          r =>
            `in ${r.alertmanager} the alerts go to ${
              r.receivers.join(', ') || 'no receiver'
            }, none of the owning team`,
        ),
    );
  },
};

const TRACE_WINDOW_MINUTES = 15;

/** The trace points of the last 15 minutes, or why there are none to read. */
function recentPoints(
  context: ScorecardRuleContext,
): { points: TracePoint[] } | { missing: string } {
  const traces = freshData('Traces', context.status.sources.traces);
  if ('missing' in traces) return traces;
  const since = context.now.getTime() - TRACE_WINDOW_MINUTES * 60_000;
  const points = traces.data.series.filter(
    p => Date.parse(p.timestamp) >= since,
  );
  // The current window (a few minutes, inside the last 15) counts too: the
  // series' range query needs two samples per step, so a service seen for
  // the first time minutes ago has a current rate before it has points.
  const { current } = traces.data;
  if (current.requestRate > 0 && !points.some(p => p.requestRate > 0))
    points.push({
      timestamp: new Date(context.now).toISOString(),
      requestRate: current.requestRate,
      errorRatio: current.errorRatio,
    });
  return { points };
}

export const tracesArrive: ScorecardRule = {
  id: 'traces-arrive',
  title: 'Traces arrive',
  why: 'Without traces an incident is debugged blind: no request path, no slow span, no error trace.',
  fix: 'Keep tracing.otlpEndpoint pointing at the platform’s OpenTelemetry collector; the golden-path service exports spans there.',
  chartValue: 'tracing.otlpEndpoint',
  severity: 'high',
  appliesTo: {},
  evaluate: context => {
    const recent = recentPoints(context);
    if ('missing' in recent) return unknown(recent.missing);
    return recent.points.some(p => p.requestRate > 0)
      ? pass()
      : fail([`no spans in the last ${TRACE_WINDOW_MINUTES} minutes`]);
  },
};

export const traceErrorRatio: ScorecardRule = {
  id: 'trace-error-ratio',
  title: 'The error ratio is within the objective',
  why: 'A service failing more requests than its objective burns its users’ trust and its error budget.',
  fix: 'Find the failing operations in the error traces; the objective itself is monitoring.slo.availability.objective.',
  chartValue: 'monitoring.slo.availability.objective',
  severity: 'high',
  appliesTo: {},
  evaluate: context => {
    const recent = recentPoints(context);
    if ('missing' in recent) return unknown(recent.missing);
    const requests = recent.points.reduce((n, p) => n + p.requestRate, 0);
    if (requests <= 0)
      return unknown(
        `no requests in the last ${TRACE_WINDOW_MINUTES} minutes to judge`,
      );
    // Weighted by traffic: a quiet minute's single error is not a 100% ratio.
    const ratio =
      recent.points.reduce((n, p) => n + p.requestRate * p.errorRatio, 0) /
      requests;
    const objective = context.thresholds.traceErrorObjective;
    return ratio <= objective
      ? pass()
      : fail([
          `${(ratio * 100).toFixed(
            2,
          )}% of requests failed in the last ${TRACE_WINDOW_MINUTES} minutes (objective ${(
            objective * 100
          ).toFixed(2)}%)`,
        ]);
  },
};
