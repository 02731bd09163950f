import { Config } from '@backstage/config';
import {
  RuleApplicability,
  RULE_SEVERITY_WEIGHT,
  RuleSeverity,
} from '@internal/backstage-plugin-eks-platform-common';
import { ScorecardThresholds } from '@internal/backstage-plugin-eks-platform-node';

const KEY = 'eksPlatform.scorecard';

/** A rule's overrides from `eksPlatform.scorecard.rules.<id>`. */
export interface RuleOverride {
  enabled?: boolean;
  severity?: RuleSeverity;
  appliesTo?: RuleApplicability;
}

export interface ScorecardConfig {
  thresholds: ScorecardThresholds;
  rules: Record<string, RuleOverride>;
  history: {
    /** How often the day's scores are written, in minutes. */
    frequencyMinutes: number;
    /** Rows older than this many days are deleted. */
    retentionDays: number;
  };
}

export const DEFAULT_THRESHOLDS: ScorecardThresholds = {
  minReplicas: 3,
  hpaPinnedMaxMinutes: 30,
  traceErrorObjective: 0.01,
  imageSeverityThreshold: 'CRITICAL',
};

function positive(config: Config | undefined, key: string, fallback: number) {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value))
    throw new Error(`${KEY}.${key} must be a positive number, got ${value}`);
  return value;
}

function stringList(config: Config, key: string, where: string) {
  const list = config.getOptionalStringArray(key);
  if (list?.some(v => v.trim() === ''))
    throw new Error(`${where}.${key} must not contain empty names`);
  return list;
}

function readOverride(config: Config, where: string): RuleOverride {
  const severity = config.getOptionalString('severity');
  if (severity !== undefined && !(severity in RULE_SEVERITY_WEIGHT)) {
    throw new Error(
      `${where}.severity must be one of ${Object.keys(
        RULE_SEVERITY_WEIGHT,
      ).join(', ')}, got "${severity}"`,
    );
  }
  const applies = config.getOptionalConfig('appliesTo');
  return {
    enabled: config.getOptionalBoolean('enabled'),
    severity: severity as RuleSeverity | undefined,
    appliesTo: applies && {
      lifecycles: stringList(applies, 'lifecycles', `${where}.appliesTo`),
      environments: stringList(applies, 'environments', `${where}.appliesTo`),
    },
  };
}

/** Reads and checks `eksPlatform.scorecard`; throws with the key to fix. */
export function readScorecardConfig(root: Config): ScorecardConfig {
  const config = root.getOptionalConfig(KEY);
  const minReplicas = positive(
    config,
    'minReplicas',
    DEFAULT_THRESHOLDS.minReplicas,
  );
  if (!Number.isInteger(minReplicas))
    throw new Error(
      `${KEY}.minReplicas must be a whole number, got ${minReplicas}`,
    );
  const objective = positive(
    config,
    'traceErrorObjective',
    DEFAULT_THRESHOLDS.traceErrorObjective,
  );
  if (objective >= 1)
    throw new Error(
      `${KEY}.traceErrorObjective is a ratio between 0 and 1 (0.01 is 1%), got ${objective}`,
    );
  const threshold =
    config?.getOptionalString('imageSeverityThreshold') ?? 'critical';
  if (threshold !== 'critical' && threshold !== 'high')
    throw new Error(
      `${KEY}.imageSeverityThreshold must be "critical" or "high", got "${threshold}"`,
    );
  const rulesConfig = config?.getOptionalConfig('rules');
  const rules: Record<string, RuleOverride> = {};
  for (const id of rulesConfig?.keys() ?? []) {
    rules[id] = readOverride(rulesConfig!.getConfig(id), `${KEY}.rules.${id}`);
  }
  return {
    thresholds: {
      minReplicas,
      hpaPinnedMaxMinutes: positive(
        config,
        'hpaPinnedMaxMinutes',
        DEFAULT_THRESHOLDS.hpaPinnedMaxMinutes,
      ),
      traceErrorObjective: objective,
      imageSeverityThreshold: threshold === 'high' ? 'HIGH' : 'CRITICAL',
    },
    rules,
    history: {
      frequencyMinutes: positive(config, 'history.frequencyMinutes', 60),
      retentionDays: positive(config, 'history.retentionDays', 400),
    },
  };
}
