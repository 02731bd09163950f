export { startMetricsExporter } from './exporter';
export type { MetricsExporter, MetricsExporterOptions } from './exporter';
export {
  startPrometheusStack,
  detectPrometheusBinaries,
  SANDBOX_RULE_TIMING,
  PROMETHEUS_BINARY,
  ALERTMANAGER_BINARY,
} from './stack';
export type {
  PrometheusStack,
  PrometheusStackOptions,
  PrometheusBinaries,
} from './stack';
export { serviceAlertRules } from './rules';
export type { AlertRule, AlertRuleTiming } from './rules';
