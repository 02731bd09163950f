import { AlertsStatus } from '@internal/backstage-plugin-eks-platform-common';
import { StoredAlertRule } from './alertRoutingPoller';
import { Matcher, matchesAll } from './matchers';
import { receiversFor, RouteNode } from './routingTree';

/** Rule and routing facts of one service, for the scorecard (full view). */
export type AlertFacts = Pick<AlertsStatus, 'rules' | 'routing'>;

/**
 * Which alerting rules carry the service's alert matchers, and where each
 * Alertmanager routes the alerts they raise: walked with every rule's
 * labels (`alertname` and its static labels), or with the matchers'
 * own labels when the service has no rule yet. `reachesOwner` holds when
 * every one of those alerts reaches a receiver of the owning team.
 */
export function alertFactsFor(input: {
  matchers: Matcher[];
  /** Absent: no Prometheus configured, or it has never answered. */
  rules?: { prometheus: string; rules: StoredAlertRule[] };
  /** One per Alertmanager whose routing tree is known. */
  trees: Array<{ alertmanager: string; tree: RouteNode }>;
  ownerReceivers: string[];
}): AlertFacts {
  const facts: AlertFacts = {};
  const labelSets: Array<Record<string, string>> = [];
  if (input.rules) {
    const names = new Set<string>();
    for (const rule of input.rules.rules) {
      const labels = { alertname: rule.name, ...rule.labels };
      if (!matchesAll(input.matchers, labels)) continue;
      names.add(rule.name);
      labelSets.push(labels);
    }
    facts.rules = {
      prometheus: input.rules.prometheus,
      names: Array.from(names).sort(),
    };
  }
  if (labelSets.length === 0) {
    labelSets.push(
      Object.fromEntries(
        input.matchers.filter(m => m.op === '=').map(m => [m.name, m.value]),
      ),
    );
  }
  if (input.trees.length > 0) {
    facts.routing = input.trees.map(({ alertmanager, tree }) => {
      const perAlert = labelSets.map(labels => receiversFor(tree, labels));
      return {
        alertmanager,
        receivers: Array.from(new Set(perAlert.flat())).sort(),
        reachesOwner: perAlert.every(receivers =>
          receivers.some(r => input.ownerReceivers.includes(r)),
        ),
      };
    });
  }
  return facts;
}
