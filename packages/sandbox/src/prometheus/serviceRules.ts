import { FleetService } from '../fleet';
import {
  AlertRuleTiming,
  ChartRuleValues,
  RuleGroup,
  chartRuleGroups,
} from './chartRules';

/**
 * GitHub owner of the demo services' repositories (the demo catalog's
 * `github.com/project-slug`s are `acme/<service>`): the chart's default
 * runbook is the generated repository's docs/runbook.md.
 */
export const DEMO_GITHUB_OWNER = 'acme';

/**
 * The chart values a demo service would be generated with: the template's
 * defaults, its own name, namespace and team, and the HPA maximum the
 * workload simulator gives it (the one its HorizontalPodAutoscaler shows).
 */
export function serviceChartValues(service: FleetService): ChartRuleValues {
  return {
    service: service.name,
    namespace: service.namespace,
    team: service.team,
    runbookBaseUrl: `https://github.com/${DEMO_GITHUB_OWNER}/${service.name}/blob/main/docs/runbook.md`,
    autoscaling: true,
    maxReplicas: service.params.hpaMaxReplicas,
  };
}

/** The PrometheusRule groups the golden-path chart renders for a demo service. */
export function serviceRuleGroups(
  service: FleetService,
  timing: AlertRuleTiming = {},
): RuleGroup[] {
  return chartRuleGroups(serviceChartValues(service), timing);
}
