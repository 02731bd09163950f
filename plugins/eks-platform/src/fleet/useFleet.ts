import { useCallback } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
} from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef } from '../api';
import { usePolling } from '../hooks/usePolling';
import { buildFleetRows, FleetRow } from './fleetRows';

/** Only what a row needs: 1,000 full entities would be megabytes. */
export const FLEET_ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.owner',
  'spec.system',
];

export const FLEET_REFRESH_MS = 30_000;

export interface FleetData {
  rows: FleetRow[];
  /** The status backend failed: rows come from the catalog with unknown health. */
  statusError?: Error;
}

export function useFleet() {
  const catalogApi = useApi(catalogApiRef);
  const statusApi = useApi(eksPlatformApiRef);
  const load = useCallback(async (): Promise<FleetData> => {
    const { items } = await catalogApi.getEntities({
      filter: [
        ANNOTATION_KUBERNETES_ID,
        ANNOTATION_KUBERNETES_LABEL_SELECTOR,
      ].map(annotation => ({
        kind: 'Component',
        [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
      })),
      fields: FLEET_ENTITY_FIELDS,
    });
    if (items.length === 0) return { rows: [] };
    const entityRefs = items.map(e => stringifyEntityRef(e));
    try {
      // One batch for the whole fleet; `summary` drops pods and trace series.
      const response = await statusApi.queryStatus({
        entityRefs,
        view: 'summary',
      });
      return { rows: buildFleetRows(items, response) };
    } catch (error) {
      const message = (error as Error).message;
      return {
        rows: buildFleetRows(items, {
          items: [],
          errors: entityRefs.map(entityRef => ({
            entityRef,
            error: { name: 'Error', message },
          })),
        }),
        statusError: error as Error,
      };
    }
  }, [catalogApi, statusApi]);
  return usePolling(load, FLEET_REFRESH_MS);
}
