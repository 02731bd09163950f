import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  EntityPlatformStatus,
  PlatformEnvironmentsResponse,
  StatusQueryRequest,
  StatusQueryResponse,
} from '@internal/backstage-plugin-eks-platform-common';

/** Reads the status backend (`/api/eks-platform`). */
export interface EksPlatformApi {
  getEntityStatus(entityRef: string): Promise<EntityPlatformStatus>;
  queryStatus(request: StatusQueryRequest): Promise<StatusQueryResponse>;
  /** The platform's deployment environments, for the golden-path form. */
  listEnvironments(): Promise<PlatformEnvironmentsResponse>;
}

export const eksPlatformApiRef = createApiRef<EksPlatformApi>({
  id: 'plugin.eks-platform.service',
});
