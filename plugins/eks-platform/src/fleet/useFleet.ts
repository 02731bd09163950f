import { useCallback, useEffect, useRef } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  DEFAULT_STATUS_QUERY_MAX_ENTITIES,
  STATUS_QUERY_MAX_ENTITIES_KEY,
} from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef, RateLimitedError } from '../api';
import { usePolling } from '../hooks/usePolling';
import { buildFleetRows, FleetRow, withScores } from './fleetRows';
import { queryFleetScorecards, queryFleetStatus } from './queryFleetStatus';

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
  /**
   * The status backend rate limited this user: the rows are the last good
   * ones (or unknown), and the page asks again at `retryAt` (epoch ms).
   */
  rateLimited?: { error: RateLimitedError; retryAt: number; rowsFrom?: number };
  /** The scorecards could not be read: the rows have health but no score. */
  scoreError?: Error;
}

export function useFleet() {
  const catalogApi = useApi(catalogApiRef);
  const statusApi = useApi(eksPlatformApiRef);
  const configApi = useApi(configApiRef);
  const batchSize =
    configApi.getOptionalNumber(STATUS_QUERY_MAX_ENTITIES_KEY) ??
    DEFAULT_STATUS_QUERY_MAX_ENTITIES;
  const lastGood = useRef<{ rows: FleetRow[]; at: number }>();
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
    const unknownRows = (message: string) =>
      buildFleetRows(items, {
        items: [],
        errors: entityRefs.map(entityRef => ({
          entityRef,
          error: { name: 'Error', message },
        })),
      });
    // Scores are read beside the status, in batches too, and never hold
    // the health up: when they fail the rows have health and no score.
    const scorecards = queryFleetScorecards(statusApi, entityRefs, batchSize)
      .then(response => ({ response }))
      .catch((scoreError: Error) => ({ scoreError, response: undefined }));
    try {
      // Batches of the backend's cap; `summary` drops pods and trace series.
      const response = await queryFleetStatus(statusApi, entityRefs, batchSize);
      const scores = await scorecards;
      const statusRows = buildFleetRows(items, response);
      const rows = scores.response
        ? withScores(statusRows, scores.response)
        : statusRows;
      lastGood.current = { rows, at: Date.now() };
      return 'scoreError' in scores
        ? { rows, scoreError: scores.scoreError }
        : { rows };
    } catch (error) {
      if (error instanceof RateLimitedError) {
        // Keep showing what we had; ask again when the backend said to.
        return {
          rows: lastGood.current?.rows ?? unknownRows(error.message),
          rateLimited: {
            error,
            retryAt: Date.now() + error.retryAfterMs,
            rowsFrom: lastGood.current?.at,
          },
        };
      }
      return {
        rows: unknownRows((error as Error).message),
        statusError: error as Error,
      };
    }
  }, [catalogApi, statusApi, batchSize]);
  const state = usePolling(load, FLEET_REFRESH_MS);
  const { refresh } = state;
  const retryAt = state.value?.rateLimited?.retryAt;
  useEffect(() => {
    if (retryAt === undefined) return undefined;
    const timer = setTimeout(refresh, Math.max(0, retryAt - Date.now()));
    return () => clearTimeout(timer);
  }, [retryAt, refresh]);
  return state;
}
