/*
 * Wire types of the production-readiness scorecard served by the
 * eks-platform backend under /api/eks-platform/v1/scorecard and rendered by
 * the readiness card, the fleet page and the team view.
 *
 * A rule judges one service in one environment from the state the status
 * backend already holds (watch caches and pollers); it never reads an
 * upstream itself. When the facts it needs are missing because a source is
 * down or not configured, its outcome is `unknown`, never `pass`.
 */

/** How much a failing rule matters; also its weight in the score. */
export type RuleSeverity = 'critical' | 'high' | 'medium' | 'low';

/** Weight of a rule of each severity in the score. */
export const RULE_SEVERITY_WEIGHT: Record<RuleSeverity, number> = {
  critical: 8,
  high: 4,
  medium: 2,
  low: 1,
};

/**
 * - `pass`: the facts show the rule holds.
 * - `fail`: the facts show it does not (see `reasons`).
 * - `unknown`: the facts are missing (source down, not configured, or the
 *   service not deployed in that environment yet); never counted as a pass.
 * - `not-applicable`: the rule does not apply to this lifecycle/environment.
 */
export type RuleOutcome = 'pass' | 'fail' | 'unknown' | 'not-applicable';

/** Where a rule applies; an empty or missing list means everywhere. */
export interface RuleApplicability {
  /** Catalog `spec.lifecycle` values, e.g. `production`. */
  lifecycles?: string[];
  /** Platform environment names, e.g. `prod`. */
  environments?: string[];
}

/** A rule as the platform's standard defines it (`GET /v1/scorecard/rules`). */
export interface ScorecardRuleInfo {
  /** Stable id, kebab-case, e.g. `replicas-spread-zones`. */
  id: string;
  title: string;
  /** Why it matters, one or two plain sentences. */
  why: string;
  /** How to fix it, naming the golden-path chart value when there is one. */
  fix: string;
  /** The golden-path chart value that fixes it, e.g. `autoscaling.minReplicas`. */
  chartValue?: string;
  severity: RuleSeverity;
  appliesTo: RuleApplicability;
  /** Which module contributed it: `eks-platform` for built-in rules. */
  source: string;
}

/** One rule's verdict for one service in one environment. */
export interface RuleResult {
  ruleId: string;
  outcome: RuleOutcome;
  /** Plain-language reasons: what failed, or which facts are missing. */
  reasons: string[];
}

export interface EnvironmentScorecard {
  /** Platform environment name, e.g. `prod`. */
  environment: string;
  /**
   * 0..100: weighted share of passing rules among the rules with a known
   * outcome (`pass` or `fail`); `undefined` when no rule has a known outcome.
   */
  score?: number;
  counts: Record<RuleOutcome, number>;
  /** Failing rules first (by severity), then unknown, pass, not-applicable. */
  results: RuleResult[];
}

/** A day's score, kept in the backend's database (one row per service, environment and day). */
export interface ScoreHistoryPoint {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  environment: string;
  score: number;
}

/** Body of `GET /v1/scorecard/:kind/:namespace/:name`. */
export interface ServiceScorecard {
  entityRef: string;
  /** The lowest environment score, the figure the fleet sorts by. */
  score?: number;
  /** In environment order (dev → stage → prod). */
  environments: EnvironmentScorecard[];
  /** ISO time the scorecard was computed. */
  computedAt: string;
  /** Last 30 days, oldest first; only on the single-entity route. */
  history?: ScoreHistoryPoint[];
  /** The scans of the images that run, only on the single-entity route. */
  images?: ImageScanSummary[];
}

/** Body of `POST /v1/scorecard/query`. */
export interface ScorecardQueryRequest {
  entityRefs: string[];
}

export interface ScorecardQueryResponse {
  items: ServiceScorecard[];
  /** Entities the caller may not read, or that do not exist. */
  errors: Array<{
    entityRef: string;
    error: { name: string; message: string };
  }>;
}

/** Scores rolled up by owner or system (`GET /v1/scorecard/teams`). */
export interface ScorecardRollup {
  /** Entity ref of the owner group or the system. */
  ref: string;
  kind: 'owner' | 'system';
  /** Mean of the services' scores (services without a score left out). */
  score?: number;
  services: number;
  /** Rule id → number of services failing it, worst first in the UI. */
  failingRules: Record<string, number>;
  /** Mean score per day, last 30 days. */
  history: Array<{ day: string; score: number }>;
}

export interface ScorecardRollupResponse {
  items: ScorecardRollup[];
}

/** Body of `GET /v1/scorecard/rules`. */
export interface ScorecardRulesResponse {
  items: ScorecardRuleInfo[];
}

/** Image scan severities as ECR reports them. */
export type FindingSeverity =
  | 'CRITICAL'
  | 'HIGH'
  | 'MEDIUM'
  | 'LOW'
  | 'INFORMATIONAL'
  | 'UNDEFINED';

/**
 * ECR's scan of one image digest that runs in at least one cluster (read
 * with `DescribeImageScanFindings` for that digest). Served with the
 * scorecard; shown on the Platform tab.
 */
export interface ImageScanSummary {
  /** `sha256:…` */
  digest: string;
  /** Repository name in ECR, e.g. `order-service`. */
  repository: string;
  /** Registry host, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
  registry: string;
  /** The registry is one of the organisation's (config); other images fail the image rule. */
  inOrganisationRegistry: boolean;
  /** Clusters (by name) where pods run this digest. */
  clusters: string[];
  /** `COMPLETE`, `IN_PROGRESS`, `FAILED`…, or `NOT_FOUND`/`ERROR` when ECR could not answer. */
  scanStatus: string;
  /** Count of findings per severity, from `findingSeverityCounts`. */
  counts: Partial<Record<FindingSeverity, number>>;
  completedAt?: string;
  /** Link to the image's findings in the AWS console. */
  consoleUrl?: string;
}
