/*
 * What the readiness card shows, computed apart from React: a service's
 * rule results regrouped by rule (a rule failing in stage and prod is one
 * item with both environments, its why and fix said once), failing rules
 * first by severity, then unknown ones, then the passing ones.
 */
import {
  HealthLevel,
  RULE_SEVERITY_WEIGHT,
  RuleSeverity,
  ScorecardRuleInfo,
  ScoreHistoryPoint,
  ServiceScorecard,
} from '@internal/backstage-plugin-eks-platform-common';
import { inEnvironmentOrder } from '../../format/environments';

/** A rule's outcome in the environments where it has that outcome. */
export interface RuleGroup {
  ruleId: string;
  /** The rule as the standard defines it; missing while the rules load. */
  rule?: ScorecardRuleInfo;
  title: string;
  severity?: RuleSeverity;
  environments: Array<{ environment: string; reasons: string[] }>;
}

export interface ReadinessGroups {
  failing: RuleGroup[];
  unknown: RuleGroup[];
  passing: RuleGroup[];
}

/** A score as a health level: at least 90 healthy, 70 warning, below critical. */
export function scoreLevel(score: number | undefined): HealthLevel {
  if (score === undefined) return 'unknown';
  if (score >= 90) return 'healthy';
  if (score >= 70) return 'warning';
  return 'critical';
}

/** `87` → `87 / 100`; a missing score says there is none. */
export function formatScore(score: number | undefined): string {
  return score === undefined ? 'No score' : `${Math.round(score)} / 100`;
}

/**
 * Regroups the results by rule. A rule failing anywhere is failing; else
 * unknown anywhere is unknown (never shown as passing); passing only when
 * it passes in every environment it applies to.
 */
export function groupResults(
  scorecard: ServiceScorecard,
  rules: ReadonlyMap<string, ScorecardRuleInfo>,
): ReadinessGroups {
  const byRule = new Map<
    string,
    {
      fail: RuleGroup['environments'];
      unknown: RuleGroup['environments'];
      pass: number;
    }
  >();
  const environments = inEnvironmentOrder(
    scorecard.environments,
    e => e.environment,
  );
  for (const env of environments) {
    for (const result of env.results) {
      const entry = byRule.get(result.ruleId) ?? {
        fail: [],
        unknown: [],
        pass: 0,
      };
      byRule.set(result.ruleId, entry);
      const at = { environment: env.environment, reasons: result.reasons };
      if (result.outcome === 'fail') entry.fail.push(at);
      else if (result.outcome === 'unknown') entry.unknown.push(at);
      else if (result.outcome === 'pass') entry.pass += 1;
    }
  }
  const groups: ReadinessGroups = { failing: [], unknown: [], passing: [] };
  for (const [ruleId, entry] of byRule) {
    const rule = rules.get(ruleId);
    const base = {
      ruleId,
      rule,
      title: rule?.title ?? ruleId,
      severity: rule?.severity,
    };
    if (entry.fail.length > 0)
      groups.failing.push({ ...base, environments: entry.fail });
    else if (entry.unknown.length > 0)
      groups.unknown.push({ ...base, environments: entry.unknown });
    else if (entry.pass > 0) groups.passing.push({ ...base, environments: [] });
  }
  const weight = (g: RuleGroup) =>
    g.severity ? RULE_SEVERITY_WEIGHT[g.severity] : 0;
  const bySeverity = (a: RuleGroup, b: RuleGroup) =>
    weight(b) - weight(a) ||
    b.environments.length - a.environments.length ||
    a.title.localeCompare(b.title);
  groups.failing.sort(bySeverity);
  groups.unknown.sort(bySeverity);
  groups.passing.sort((a, b) => a.title.localeCompare(b.title));
  return groups;
}

/** The daily scores of each environment, oldest first, in environment order. */
export function trendByEnvironment(
  history: ScoreHistoryPoint[] | undefined,
): Array<{ environment: string; scores: number[] }> {
  const byEnv = new Map<string, ScoreHistoryPoint[]>();
  for (const point of history ?? []) {
    const points = byEnv.get(point.environment) ?? [];
    points.push(point);
    byEnv.set(point.environment, points);
  }
  return inEnvironmentOrder([...byEnv.entries()], ([env]) => env).map(
    ([environment, points]) => ({
      environment,
      scores: [...points]
        .sort((a, b) => a.day.localeCompare(b.day))
        .map(p => p.score),
    }),
  );
}

/** No rule has a known outcome anywhere: nothing to judge the service by yet. */
export function hasNoKnownOutcome(scorecard: ServiceScorecard): boolean {
  return scorecard.environments.every(
    env => env.counts.pass + env.counts.fail === 0,
  );
}

/**
 * A rule's reasons with the environments that give each: the same reason in
 * dev, stage and prod is said once (`dev, stage, prod: …`).
 */
export function reasonsByText(
  environments: RuleGroup['environments'],
): Array<{ environments: string[]; reason: string }> {
  const byText = new Map<string, string[]>();
  for (const env of environments) {
    const reasons = env.reasons.length > 0 ? env.reasons : ['No reason given'];
    for (const reason of reasons) {
      const envs = byText.get(reason) ?? [];
      if (!envs.includes(env.environment)) envs.push(env.environment);
      byText.set(reason, envs);
    }
  }
  return [...byText].map(([reason, envs]) => ({ environments: envs, reason }));
}
