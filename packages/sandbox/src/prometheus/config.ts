import { stringify } from 'yaml';
import { FleetService } from '../fleet';
import { AlertRuleTiming } from './chartRules';
import { serviceRuleGroups } from './serviceRules';

/** The folder of rule files, relative to prometheus.yml. */
export const RULES_DIR = 'rules';

export interface PrometheusConfigInput {
  /** `host:port` of the workload exporter. */
  exporterTarget: string;
  /** `host:port` of Alertmanager. */
  alertmanagerTarget: string;
  /** `host:port` of the OpenTelemetry Collector's span metrics (its Prometheus exporter). */
  spanMetricsTarget?: string;
  /** One scrape target per service, as a ServiceMonitor gives each service its own. */
  services: Array<Pick<FleetService, 'name' | 'namespace'>>;
  scrapeInterval: string;
  evaluationInterval: string;
}

export function prometheusConfig(input: PrometheusConfigInput): string {
  return stringify({
    global: {
      scrape_interval: input.scrapeInterval,
      scrape_timeout: input.scrapeInterval,
      evaluation_interval: input.evaluationInterval,
      external_labels: { environment: 'sandbox' },
    },
    rule_files: [`${RULES_DIR}/*.yml`],
    alerting: {
      alertmanagers: [
        {
          api_version: 'v2',
          static_configs: [{ targets: [input.alertmanagerTarget] }],
        },
      ],
    },
    scrape_configs: [
      {
        job_name: 'eks-platform-workloads',
        // The exporter's own labels must win over target labels, as with a
        // ServiceMonitor that sets honorLabels.
        honor_labels: true,
        // A target per service (the exporter's /metrics?service=<name>), so
        // `up{namespace,service}` exists for the chart's ServiceTargetAbsent
        // and ServiceTargetDown, as the Prometheus Operator labels the
        // targets of a ServiceMonitor.
        static_configs: input.services.map(service => ({
          targets: [input.exporterTarget],
          labels: { namespace: service.namespace, service: service.name },
        })),
        relabel_configs: [
          { source_labels: ['service'], target_label: '__param_service' },
        ],
      },
      {
        // The cluster-wide kube-state-metrics series (pods, HPAs, deployments).
        job_name: 'kube-state-metrics',
        honor_labels: true,
        params: { scope: ['kube-state'] },
        static_configs: [{ targets: [input.exporterTarget] }],
      },
      ...(input.spanMetricsTarget
        ? [
            {
              // The exporter's own `job` (the span's service.name) becomes
              // `exported_job`; queries select on `service_name` anyway.
              job_name: 'otel-collector-span-metrics',
              static_configs: [{ targets: [input.spanMetricsTarget] }],
            },
          ]
        : []),
    ],
  });
}

/**
 * One rule file per service (`<namespace>-<service>.yml`), as the Prometheus
 * Operator writes one file per PrometheusRule: every service's chart records
 * the same `service:…:ratio_rate…` names, which may repeat across files but
 * not within one.
 */
export function ruleFiles(
  services: FleetService[],
  timing: AlertRuleTiming,
): Record<string, string> {
  return Object.fromEntries(
    services.map(service => [
      `${service.namespace}-${service.name}.yml`,
      stringify({ groups: serviceRuleGroups(service, timing) }),
    ]),
  );
}

/** The receiver that gets the alerts of a team: named after the team. */
export function teamReceiver(team: string): string {
  return team;
}

/** The receiver of alerts without a known team. */
const UNROUTED = 'unrouted';

/**
 * Alertmanager routing on the `team` label every chart alert carries, one
 * receiver per team, as a platform routes to each team's channel. The
 * receivers notify nobody: the sandbox reads alerts through the API, where
 * each alert names the receiver (its team) it was routed to.
 */
export function alertmanagerConfig(teams: string[] = []): string {
  const distinct = [...new Set(teams)].filter(team => team !== UNROUTED).sort();
  return stringify({
    route: {
      receiver: UNROUTED,
      group_by: ['alertname', 'service', 'namespace'],
      group_wait: '1s',
      group_interval: '5s',
      repeat_interval: '4h',
      routes: distinct.map(team => ({
        receiver: teamReceiver(team),
        matchers: [`team=${JSON.stringify(team)}`],
      })),
    },
    receivers: [
      { name: UNROUTED },
      ...distinct.map(team => ({ name: teamReceiver(team) })),
    ],
  });
}
