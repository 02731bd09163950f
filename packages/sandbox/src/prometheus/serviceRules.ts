import { FleetService } from '../fleet';
import { SANDBOX_PORTAL_URL, sandboxRunbookUrl } from '../fleet/runbooks';
import {
  AlertRuleTiming,
  ChartRuleValues,
  RuleGroup,
  chartRuleGroups,
} from './chartRules';

/**
 * GitHub owner of the demo services' repositories (the demo catalog's
 * `github.com/project-slug`s are `acme/<service>`).
 */
export const DEMO_GITHUB_OWNER = 'acme';

/**
 * The chart values a demo service would be generated with: the template's
 * defaults, its own name, namespace and team, the HPA maximum the workload
 * simulator gives it (the one its HorizontalPodAutoscaler shows), and a
 * runbook that the sandbox's portal serves (fleet/runbooks.ts).
 */
export function serviceChartValues(service: FleetService): ChartRuleValues {
  return {
    service: service.name,
    namespace: service.namespace,
    // The team the alerts are labelled with, hence routed to.
    team: service.alertTeam,
    runbookBaseUrl:
      service.runbookUrl ?? sandboxRunbookUrl(SANDBOX_PORTAL_URL, undefined),
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
