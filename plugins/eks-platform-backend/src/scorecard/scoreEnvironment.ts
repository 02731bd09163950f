import {
  EntityPlatformStatus,
  EnvironmentScorecard,
  RULE_SEVERITY_WEIGHT,
  RuleOutcome,
  RuleResult,
  RuleSeverity,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  ScorecardEnvironment,
  ScorecardRuleContext,
} from '@internal/backstage-plugin-eks-platform-node';
import { applies, ConfiguredRule } from './ruleSet';
import { deployedClusters } from './rules/verdicts';

const OUTCOME_ORDER: Record<RuleOutcome, number> = {
  fail: 0,
  unknown: 1,
  pass: 2,
  'not-applicable': 3,
};
const SEVERITY_ORDER: Record<RuleSeverity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
};

/**
 * The status as one environment sees it: its clusters' workloads and the
 * Argo CD applications deploying to its destination. Alerts and traces are
 * per service, not per cluster, and stay as they are.
 */
export function statusForEnvironment(
  status: EntityPlatformStatus,
  env: ScorecardEnvironment,
): EntityPlatformStatus {
  const { kubernetes, argocd } = status.sources;
  const dest = env.argocd;
  return {
    ...status,
    sources: {
      ...status.sources,
      kubernetes: kubernetes.data
        ? {
            ...kubernetes,
            data: {
              clusters: kubernetes.data.clusters.filter(c =>
                env.clusters.includes(c.cluster),
              ),
            },
          }
        : kubernetes,
      argocd:
        argocd.data && dest
          ? {
              ...argocd,
              data: {
                applications: argocd.data.applications.filter(
                  app =>
                    app.instance === dest.instance &&
                    (dest.destinationServer
                      ? app.destination.server === dest.destinationServer
                      : app.destination.name === dest.destinationName),
                ),
              },
            }
          : argocd,
    },
  };
}

/** 0..100: weighted share of passing rules among those with a known outcome. */
export function scoreOf(
  results: RuleResult[],
  severities: Map<string, RuleSeverity>,
): number | undefined {
  let passed = 0;
  let known = 0;
  for (const r of results) {
    if (r.outcome !== 'pass' && r.outcome !== 'fail') continue;
    const weight = RULE_SEVERITY_WEIGHT[severities.get(r.ruleId) ?? 'low'];
    known += weight;
    if (r.outcome === 'pass') passed += weight;
  }
  return known === 0 ? undefined : Math.round((100 * passed) / known);
}

/**
 * What scoreEnvironment judges: a rule's context before it is narrowed to
 * the environment (the entity's full status, the scans of every cluster).
 */
export type EnvironmentInputs = ScorecardRuleContext;

/**
 * Every rule's verdict for one service in one environment, and the score.
 * A rule that throws is `unknown` with the error's message: one broken
 * module rule must not take the scorecard down.
 */
export function scoreEnvironment(
  rules: ConfiguredRule[],
  inputs: EnvironmentInputs,
): EnvironmentScorecard {
  const env = inputs.environment;
  const lifecycle = (inputs.entity.spec as { lifecycle?: unknown } | undefined)
    ?.lifecycle;
  const context = {
    ...inputs,
    status: statusForEnvironment(inputs.status, env),
    images: inputs.images?.filter(scan =>
      scan.clusters.some(c => env.clusters.includes(c)),
    ),
  };
  // Where the service does not run, nothing is judged: its service-wide
  // alerts and traces say nothing of an environment it is not in.
  const deployed = deployedClusters(context);
  const notDeployed =
    'notDeployed' in deployed && deployed.notDeployed ? deployed.missing : '';
  const results: RuleResult[] = rules.map(rule => {
    if (
      !applies(
        rule.info.appliesTo,
        typeof lifecycle === 'string' ? lifecycle : undefined,
        env.name,
      )
    )
      return { ruleId: rule.info.id, outcome: 'not-applicable', reasons: [] };
    if (notDeployed)
      return {
        ruleId: rule.info.id,
        outcome: 'unknown',
        reasons: [notDeployed],
      };
    try {
      const verdict = rule.evaluate(context);
      // Module rules are plain JavaScript at run time: only the three
      // verdicts count, anything else is a broken rule, never a pass.
      if (!['pass', 'fail', 'unknown'].includes(verdict?.outcome))
        throw new Error(
          `unexpected outcome ${JSON.stringify(verdict?.outcome)}`,
        );
      return {
        ruleId: rule.info.id,
        outcome: verdict.outcome,
        reasons: Array.isArray(verdict.reasons)
          ? verdict.reasons.map(String)
          : [],
      };
    } catch (e) {
      return {
        ruleId: rule.info.id,
        outcome: 'unknown',
        reasons: [`the rule failed: ${(e as Error).message}`],
      };
    }
  });
  const severities = new Map(rules.map(r => [r.info.id, r.info.severity]));
  results.sort(
    (a, b) =>
      OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] ||
      SEVERITY_ORDER[severities.get(a.ruleId)!] -
        SEVERITY_ORDER[severities.get(b.ruleId)!],
  );
  const counts: Record<RuleOutcome, number> = {
    pass: 0,
    fail: 0,
    unknown: 0,
    'not-applicable': 0,
  };
  for (const r of results) counts[r.outcome]++;
  return {
    environment: env.name,
    score: scoreOf(results, severities),
    counts,
    results,
  };
}
