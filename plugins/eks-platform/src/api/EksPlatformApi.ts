import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  EntityPlatformStatus,
  PlatformEnvironmentsResponse,
  StatusQueryRequest,
  StatusQueryResponse,
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
}

export const eksPlatformApiRef = createApiRef<EksPlatformApi>({
  id: 'plugin.eks-platform.service',
});
