import {
  RuleApplicability,
  ScorecardRuleInfo,
} from '@internal/backstage-plugin-eks-platform-common';
import { ScorecardRule } from '@internal/backstage-plugin-eks-platform-node';
import { RuleOverride } from './readScorecardConfig';

/** A rule with the platform team's overrides applied. */
export interface ConfiguredRule {
  info: ScorecardRuleInfo;
  evaluate: ScorecardRule['evaluate'];
}

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The rules in force: built-in and module rules, each with its config
 * overrides, minus the disabled ones. Throws (failing the start) on a
 * duplicate or malformed id, and on an override naming no rule, so a typo
 * in config does not silently leave the standard unchanged.
 */
export function configureRules(
  rules: ScorecardRule[],
  overrides: Record<string, RuleOverride>,
): ConfiguredRule[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!RULE_ID.test(rule.id))
      throw new Error(
        `Scorecard rule id "${rule.id}" (from ${
          rule.source ?? 'extension'
        }) must be kebab-case, e.g. "has-on-call-link"`,
      );
    if (seen.has(rule.id))
      throw new Error(
        `Scorecard rule "${rule.id}" is added twice (the second from ${
          rule.source ?? 'extension'
        }); rule ids must be unique`,
      );
    seen.add(rule.id);
  }
  const unknownIds = Object.keys(overrides).filter(id => !seen.has(id));
  if (unknownIds.length > 0)
    throw new Error(
      `eksPlatform.scorecard.rules has settings for unknown rules: ${unknownIds.join(
        ', ',
      )}; known rules are ${[...seen].join(', ')}`,
    );
  return rules.flatMap(rule => {
    const override = overrides[rule.id] ?? {};
    if (override.enabled === false) return [];
    const appliesTo: RuleApplicability = override.appliesTo ?? rule.appliesTo;
    return [
      {
        info: {
          id: rule.id,
          title: rule.title,
          why: rule.why,
          fix: rule.fix,
          ...(rule.chartValue ? { chartValue: rule.chartValue } : {}),
          severity: override.severity ?? rule.severity,
          appliesTo,
          source: rule.source ?? 'extension',
        },
        evaluate: rule.evaluate,
      },
    ];
  });
}

/** Whether a rule applies to a service of this lifecycle in this environment. */
export function applies(
  appliesTo: RuleApplicability,
  lifecycle: string | undefined,
  environment: string,
): boolean {
  const { lifecycles, environments } = appliesTo;
  if (lifecycles?.length && !(lifecycle && lifecycles.includes(lifecycle)))
    return false;
  if (environments?.length && !environments.includes(environment)) return false;
  return true;
}
