import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  EntityPlatformStatus,
  FleetUpgradePullRequestsRequest,
  FleetUpgradePullRequestsResponse,
  PlatformEnvironmentsResponse,
  ScorecardQueryRequest,
  ScorecardQueryResponse,
  ScorecardRollupResponse,
  ScorecardRulesResponse,
  ServiceNameAvailability,
  ServiceScorecard,
  StatusQueryRequest,
  StatusQueryResponse,
  TemplateUpgradePreview,
  TemplateUpgradePullRequestResponse,
  TemplateUpgradeRequest,
  TemplateUpgradeStatus,
} from '@internal/backstage-plugin-eks-platform-common';

/**
 * How much of an entity's status to fetch: `summary` (no pod lists, no
 * trace series) is what the overview's verdicts need; `full` feeds the
 * detail cards and the Platform tab.
 */
export type StatusView = NonNullable<StatusQueryRequest['view']>;

/** Reads the status backend (`/api/eks-platform`). */
export interface EksPlatformApi {
  getEntityStatus(
    entityRef: string,
    options?: { view?: StatusView },
  ): Promise<EntityPlatformStatus>;
  queryStatus(request: StatusQueryRequest): Promise<StatusQueryResponse>;
  /** The platform's deployment environments, for the golden-path form. */
  listEnvironments(): Promise<PlatformEnvironmentsResponse>;
  /**
   * Whether the repository of a new service of this name is free in the
   * platform's GitHub organisations (the form's first step).
   */
  checkServiceName(name: string): Promise<ServiceNameAvailability>;
  /** One service's scorecard with its 30-day history and image scans. */
  getScorecard(entityRef: string): Promise<ServiceScorecard>;
  /** Many services' scorecards at once (no history, no images): the fleet's. */
  queryScorecards(
    request: ScorecardQueryRequest,
  ): Promise<ScorecardQueryResponse>;
  /** Scores rolled up by owner or by system, for the team view. */
  getScorecardRollups(by: ScorecardRollupBy): Promise<ScorecardRollupResponse>;
  /** The rules of the platform's standard: titles, why, how to fix. */
  listScorecardRules(): Promise<ScorecardRulesResponse>;
  /**
   * Where a service stands against its template; undefined when it records
   * no template (the backend answers 404).
   */
  getTemplateUpgrade(
    entityRef: string,
  ): Promise<TemplateUpgradeStatus | undefined>;
  /** What the upgrade's pull request would change (a dry run; nothing written). */
  previewTemplateUpgrade(
    entityRef: string,
    request?: TemplateUpgradeRequest,
  ): Promise<TemplateUpgradePreview>;
  /** Opens, or updates, the upgrade's pull request. */
  openTemplateUpgradePullRequest(
    entityRef: string,
    request?: TemplateUpgradeRequest,
  ): Promise<TemplateUpgradePullRequestResponse>;
  /** The recorded upgrade pull request of many services at once (the fleet's): no GitHub call. */
  queryUpgradePullRequests(
    request: FleetUpgradePullRequestsRequest,
  ): Promise<FleetUpgradePullRequestsResponse>;
}

/** What the team view rolls scores up by. */
export type ScorecardRollupBy = 'owner' | 'system';

export const eksPlatformApiRef = createApiRef<EksPlatformApi>({
  id: 'plugin.eks-platform.service',
});
