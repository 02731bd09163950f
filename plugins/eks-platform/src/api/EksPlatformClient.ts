import { parseEntityRef } from '@backstage/catalog-model';
import { FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityPlatformStatus,
  PlatformEnvironmentsResponse,
  StatusQueryRequest,
  StatusQueryResponse,
} from '@internal/backstage-plugin-eks-platform-common';
import { EksPlatformApi, StatusView } from './EksPlatformApi';
import { RateLimitedError } from './RateLimitedError';

export class EksPlatformClient implements EksPlatformApi {
  constructor(private readonly options: { fetchApi: FetchApi }) {}

  async getEntityStatus(
    entityRef: string,
    options: { view?: StatusView } = {},
  ): Promise<EntityPlatformStatus> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    // The full answer is the default, so only the summary names its view.
    const query = options.view === 'summary' ? '?view=summary' : '';
    return this.request(`/v1/status/${path}${query}`);
  }

  async queryStatus(request: StatusQueryRequest): Promise<StatusQueryResponse> {
    return this.request('/v1/status/query', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async listEnvironments(): Promise<PlatformEnvironmentsResponse> {
    return this.request('/v1/environments');
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
