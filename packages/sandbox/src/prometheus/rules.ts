import { FleetService } from '../fleet';

/** Timing of the alert rules; production values by default (docs/contracts.md). */
export interface AlertRuleTiming {
  /** `for:` of ServiceHighErrorRate and ServiceLowAvailability. */
  errorFor?: string;
  /** `for:` of ServiceHighLatencyP95. */
  latencyFor?: string;
  availabilityFor?: string;
  /** Range of the `rate()` windows. */
  rateWindow?: string;
}

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const RUNBOOK_BASE = 'https://runbooks.example.com/eks-platform';

/**
 * The three contract alerts for one service, in PrometheusRule / rule-file
 * shape. Each rule aggregates to a single series and attaches the
 * `service`, `namespace`, `team` and `severity` labels statically, exactly
 * as the golden-path chart renders one PrometheusRule per service.
 */
export function serviceAlertRules(
  service: FleetService,
  timing: AlertRuleTiming = {},
): AlertRule[] {
  const window = timing.rateWindow ?? '5m';
  const selector = `service="${service.name}"`;
  const labels = (severity: string) => ({
    severity,
    service: service.name,
    namespace: service.namespace,
    team: service.team,
  });
  return [
    {
      alert: 'ServiceHighErrorRate',
      expr:
        `sum(rate(http_requests_total{${selector},code=~"5.."}[${window}]))` +
        ` / sum(rate(http_requests_total{${selector}}[${window}])) > 0.05`,
      for: timing.errorFor ?? '5m',
      labels: labels('critical'),
      annotations: {
        summary: `${service.name} answers more than 5 % of requests with 5xx`,
        description: `{{ $value | humanizePercentage }} of ${service.name} requests failed with a 5xx status over the last ${window}.`,
        runbook_url: `${RUNBOOK_BASE}/ServiceHighErrorRate`,
      },
    },
    {
      alert: 'ServiceHighLatencyP95',
      expr:
        `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${selector}}[${window}])))` +
        ' > 0.5',
      for: timing.latencyFor ?? '10m',
      labels: labels('warning'),
      annotations: {
        summary: `${service.name} p95 latency is above 500 ms`,
        description: `The 95th percentile latency of ${service.name} is {{ $value | humanizeDuration }}.`,
        runbook_url: `${RUNBOOK_BASE}/ServiceHighLatencyP95`,
      },
    },
    {
      alert: 'ServiceLowAvailability',
      expr: `min(kube_deployment_status_replicas_ready{namespace="${service.namespace}",deployment="${service.name}"}) < 2`,
      for: timing.availabilityFor ?? '5m',
      labels: labels('critical'),
      annotations: {
        summary: `${service.name} has fewer than 2 ready replicas`,
        description: `Only {{ $value }} replicas of ${service.name} are ready.`,
        runbook_url: `${RUNBOOK_BASE}/ServiceLowAvailability`,
      },
    },
  ];
}
