import { parseEntityRef } from '@backstage/catalog-model';
import { FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import {
  EksPlatformApi,
  ScorecardRollupBy,
  StatusView,
} from './EksPlatformApi';
import { RateLimitedError } from './RateLimitedError';

export class EksPlatformClient implements EksPlatformApi {
  constructor(private readonly options: { fetchApi: FetchApi }) {}

  async getEntityStatus(
    entityRef: string,
    options: { view?: StatusView } = {},
  ): Promise<EntityPlatformStatus> {
    // The full answer is the default, so only the summary names its view.
    const query = options.view === 'summary' ? '?view=summary' : '';
    return this.request(`/v1/status/${entityPath(entityRef)}${query}`);
  }

  async queryStatus(request: StatusQueryRequest): Promise<StatusQueryResponse> {
    return this.post('/v1/status/query', request);
  }

  async listEnvironments(): Promise<PlatformEnvironmentsResponse> {
    return this.request('/v1/environments');
  }

  async checkServiceName(name: string): Promise<ServiceNameAvailability> {
    return this.request(`/v1/names/${encodeURIComponent(name)}/availability`);
  }

  async getScorecard(entityRef: string): Promise<ServiceScorecard> {
    return this.request(`/v1/scorecard/${entityPath(entityRef)}`);
  }

  async queryScorecards(
    request: ScorecardQueryRequest,
  ): Promise<ScorecardQueryResponse> {
    return this.post('/v1/scorecard/query', request);
  }

  async getScorecardRollups(
    by: ScorecardRollupBy,
  ): Promise<ScorecardRollupResponse> {
    return this.request(`/v1/scorecard/teams?by=${encodeURIComponent(by)}`);
  }

  async listScorecardRules(): Promise<ScorecardRulesResponse> {
    return this.request('/v1/scorecard/rules');
  }

  async getTemplateUpgrade(
    entityRef: string,
  ): Promise<TemplateUpgradeStatus | undefined> {
    const res = await this.options.fetchApi.fetch(
      `plugin://eks-platform/v1/template-upgrade/${entityPath(entityRef)}`,
    );
    // Not generated from a versioned template: nothing to upgrade.
    if (res.status === 404) return undefined;
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as TemplateUpgradeStatus;
  }

  async previewTemplateUpgrade(
    entityRef: string,
    request: TemplateUpgradeRequest = {},
  ): Promise<TemplateUpgradePreview> {
    return this.post(
      `/v1/template-upgrade/${entityPath(entityRef)}/preview`,
      request,
    );
  }

  async openTemplateUpgradePullRequest(
    entityRef: string,
    request: TemplateUpgradeRequest = {},
  ): Promise<TemplateUpgradePullRequestResponse> {
    return this.post(
      `/v1/template-upgrade/${entityPath(entityRef)}/pull-request`,
      request,
    );
  }

  async queryUpgradePullRequests(
    request: FleetUpgradePullRequestsRequest,
  ): Promise<FleetUpgradePullRequestsResponse> {
    return this.post('/v1/template-upgrade/pull-requests', request);
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    // plugin:// lets the fetch API resolve the backend's base URL.
    const res = await this.options.fetchApi.fetch(
      `plugin://eks-platform${path}`,
      init,
    );
    // 429 names when to come back; callers (the fleet page) wait that long.
    if (res.status === 429) throw await RateLimitedError.fromResponse(res);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}

/** `kind/namespace/name` of an entity ref, each part URL-encoded. */
function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return [kind, namespace, name].map(encodeURIComponent).join('/');
}
