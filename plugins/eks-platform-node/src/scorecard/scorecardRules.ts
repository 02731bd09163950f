import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import type {
  EntityPlatformStatus,
  FindingSeverity,
  ImageScanSummary,
  RuleApplicability,
  RuleOutcome,
  RuleSeverity,
  ScorecardRuleInfo,
} from '@internal/backstage-plugin-eks-platform-common';

/** The thresholds of the platform's standard (`eksPlatform.scorecard.*`). */
export interface ScorecardThresholds {
  /** Replicas (and zones) a service must run in the environments the replica rules apply to. Default 3. */
  minReplicas: number;
  /** How long an HPA may stay pinned at its maximum, in minutes. Default 30. */
  hpaPinnedMaxMinutes: number;
  /** Highest acceptable trace error ratio, 0..1. Default 0.01. */
  traceErrorObjective: number;
  /** Findings of this severity or worse fail the image rule: `CRITICAL` (default) or `HIGH`. */
  imageSeverityThreshold: Extract<FindingSeverity, 'CRITICAL' | 'HIGH'>;
}

/** One platform environment as the scorecard judges it. */
export interface ScorecardEnvironment {
  /** Platform environment name, e.g. `prod`. */
  name: string;
  /** The environment's clusters (by name in `kubernetes.clusterLocatorMethods`). */
  clusters: string[];
  /** Argo CD destination of the environment, to pick its applications. */
  argocd?: {
    instance: string;
    destinationServer?: string;
    destinationName?: string;
  };
}

/**
 * What a rule judges: one service in one environment. Everything here was
 * assembled by the status backend from its caches; a rule never calls an
 * upstream.
 */
export interface ScorecardRuleContext {
  entity: Entity;
  environment: ScorecardEnvironment;
  /**
   * The entity's full status, its Kubernetes clusters and Argo CD
   * applications narrowed to the environment's. Service-wide sources
   * (alerts, traces) are as they are.
   */
  status: EntityPlatformStatus;
  /**
   * Scans of the images running in the environment's clusters; `undefined`
   * when no image-scan source is configured (image rules are then `unknown`).
   */
  images?: ImageScanSummary[];
  /**
   * The current version of the entity's golden-path template, when the
   * template entity names one; `undefined` when it cannot be known.
   */
  currentTemplateVersion?: string;
  thresholds: ScorecardThresholds;
  /** The time of the evaluation (rules judging durations use it, not the clock). */
  now: Date;
}

/** A rule's verdict; the engine adds the rule id. */
export interface ScorecardVerdict {
  outcome: Exclude<RuleOutcome, 'not-applicable'>;
  reasons: string[];
}

/**
 * A rule of the production-readiness standard. `evaluate` is a pure
 * function of its context: when a fact it needs is missing (a source is
 * down, not configured, or the service is not deployed there) it answers
 * `unknown`, never `pass`.
 */
export interface ScorecardRule extends Omit<ScorecardRuleInfo, 'source'> {
  /** Stable, kebab-case, unique across all modules. */
  id: string;
  /** The default; `eksPlatform.scorecard.rules.<id>.severity` overrides it. */
  severity: RuleSeverity;
  /** The default; `eksPlatform.scorecard.rules.<id>.appliesTo` overrides it. */
  appliesTo: RuleApplicability;
  /**
   * Who contributed the rule, shown in `GET /v1/scorecard/rules`, e.g. the
   * module id. Default `extension`; the built-in rules say `eks-platform`.
   */
  source?: string;
  evaluate(context: ScorecardRuleContext): ScorecardVerdict;
}

/**
 * Lets backend modules add rules to the scorecard of the `eks-platform`
 * backend plugin. Rules added here are listed by `GET /v1/scorecard/rules`
 * with their `source` (default `extension`), take the same config
 * overrides as the built-in ones, and count in every score.
 *
 * @public
 */
export interface ScorecardRulesExtensionPoint {
  addRules(...rules: ScorecardRule[]): void;
}

/** @public */
export const eksPlatformScorecardRulesExtensionPoint =
  createExtensionPoint<ScorecardRulesExtensionPoint>({
    id: 'eks-platform.scorecard-rules',
  });
