export { startMetricsExporter } from './exporter';
export type { MetricsExporter, MetricsExporterOptions } from './exporter';
export {
  startPrometheusStack,
  detectPrometheusBinaries,
  SANDBOX_RULE_TIMING,
  SANDBOX_SCRAPE_INTERVAL,
  PROMETHEUS_BINARY,
  ALERTMANAGER_BINARY,
} from './stack';
export type {
  PrometheusStack,
  PrometheusStackOptions,
  PrometheusBinaries,
} from './stack';
export { chartRuleGroups, CHART_DEFAULTS } from './chartRules';
export type {
  AlertRuleTiming,
  AlertingRule,
  ChartRuleValues,
  RecordingRule,
  RuleGroup,
} from './chartRules';
export {
  serviceRuleGroups,
  serviceChartValues,
  DEMO_GITHUB_OWNER,
} from './serviceRules';
export { teamReceiver } from './config';
