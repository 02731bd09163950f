import { stringify } from 'yaml';
import { FleetService } from '../fleet';
import { AlertRuleTiming, serviceAlertRules } from './rules';

export interface PrometheusConfigInput {
  /** `host:port` of the workload exporter. */
  exporterTarget: string;
  /** `host:port` of Alertmanager. */
  alertmanagerTarget: string;
  /** `host:port` of the OpenTelemetry Collector's span metrics (its Prometheus exporter). */
  spanMetricsTarget?: string;
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
    rule_files: ['rules.yml'],
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
        // The exporter's own `service` label must win over target labels, as
        // with a ServiceMonitor that sets honorLabels.
        honor_labels: true,
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

/** One rule group per service, as each service's chart renders its own PrometheusRule. */
export function rulesFile(
  services: FleetService[],
  timing: AlertRuleTiming,
): string {
  return stringify({
    groups: services.map(service => ({
      name: `${service.name}.rules`,
      rules: serviceAlertRules(service, timing),
    })),
  });
}

/** Alertmanager with a receiver that notifies nobody: alerts are only read through its API. */
export function alertmanagerConfig(): string {
  return stringify({
    route: {
      receiver: 'null',
      group_by: ['alertname', 'service', 'namespace'],
      group_wait: '1s',
      group_interval: '5s',
      repeat_interval: '4h',
    },
    receivers: [{ name: 'null' }],
  });
}
