import { useEffect, useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  configApiRef,
  identityApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  eksPlatformApiRef,
  queryFleetStatus,
} from '@internal/backstage-plugin-eks-platform';
import {
  DEFAULT_STATUS_QUERY_MAX_ENTITIES,
  STATUS_QUERY_MAX_ENTITIES_KEY,
} from '@internal/backstage-plugin-eks-platform-common';
import { fetchOwnServices, OwnService, toOwnServices } from './ownServices';

export type OwnServicesState =
  | { loading: true }
  | {
      loading: false;
      services: OwnService[];
      /** The catalog could not be read: nothing to list. */
      catalogError?: Error;
      /** The status backend failed: services are listed without health. */
      statusError?: Error;
    };

/**
 * The signed-in user's services (owned by them or their groups) with their
 * health, read once per visit of the home page: the status backend's batch
 * query in `view: summary`, in batches of its configured cap.
 */
export function useOwnServices(): OwnServicesState {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const statusApi = useApi(eksPlatformApiRef);
  const configApi = useApi(configApiRef);
  const batchSize =
    configApi.getOptionalNumber(STATUS_QUERY_MAX_ENTITIES_KEY) ??
    DEFAULT_STATUS_QUERY_MAX_ENTITIES;
  const [state, setState] = useState<OwnServicesState>({ loading: true });

  useEffect(() => {
    let cancelled = false;
    const settle = (next: OwnServicesState) => {
      if (!cancelled) setState(next);
    };
    (async () => {
      let entities;
      try {
        const { ownershipEntityRefs } =
          await identityApi.getBackstageIdentity();
        entities = await fetchOwnServices(catalogApi, ownershipEntityRefs);
      } catch (error) {
        settle({ loading: false, services: [], catalogError: error as Error });
        return;
      }
      if (entities.length === 0) {
        settle({ loading: false, services: [] });
        return;
      }
      try {
        const status = await queryFleetStatus(
          statusApi,
          entities.map(e => stringifyEntityRef(e)),
          batchSize,
        );
        settle({ loading: false, services: toOwnServices(entities, status) });
      } catch (error) {
        settle({
          loading: false,
          services: toOwnServices(entities, undefined),
          statusError: error as Error,
        });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [identityApi, catalogApi, statusApi, batchSize]);

  return state;
}
