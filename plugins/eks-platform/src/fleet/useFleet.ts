import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  CatalogApi,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_TEMPLATE_REF,
  ANNOTATION_TEMPLATE_VERSION,
  FleetUpgradePullRequestsResponse,
  ScorecardQueryResponse,
  DEFAULT_STATUS_QUERY_MAX_ENTITIES,
  fleetServicesFilter,
  STATUS_QUERY_MAX_ENTITIES_KEY,
} from '@internal/backstage-plugin-eks-platform-common';
import { EksPlatformApi, eksPlatformApiRef, RateLimitedError } from '../api';
import { usePolling } from '../hooks/usePolling';
import {
  buildFleetRows,
  FleetRow,
  withScores,
  withUpgradePullRequests,
} from './fleetRows';
import {
  queryFleetScorecards,
  queryFleetStatus,
  queryFleetUpgradePullRequests,
} from './queryFleetStatus';

/** Only what a row needs: 1,000 full entities would be megabytes. */
export const FLEET_ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.owner',
  'spec.system',
  // The golden-path template and the version each service records; the
  // catalog joins the key's own dots back together.
  `metadata.annotations.${ANNOTATION_TEMPLATE_REF}`,
  `metadata.annotations.${ANNOTATION_TEMPLATE_VERSION}`,
];

/**
 * The current version of every Template the services name, in one catalog
 * request for the whole fleet (never one per row). A failure leaves the
 * map empty: the column then shows versions without "behind".
 */
export async function latestTemplateVersions(
  catalogApi: Pick<CatalogApi, 'getEntitiesByRefs'>,
  services: Entity[],
): Promise<Map<string, string>> {
  const refs = [
    ...new Set(
      services
        .map(e => e.metadata.annotations?.[ANNOTATION_TEMPLATE_REF])
        .filter((ref): ref is string => !!ref),
    ),
  ];
  const latest = new Map<string, string>();
  if (refs.length === 0) return latest;
  try {
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: refs,
      fields: [`metadata.annotations.${ANNOTATION_TEMPLATE_VERSION}`],
    });
    items.forEach((template, i) => {
      const version =
        template?.metadata?.annotations?.[ANNOTATION_TEMPLATE_VERSION];
      if (version) latest.set(refs[i], version);
    });
  } catch {
    // Versions without "behind" beat no fleet at all.
  }
  return latest;
}

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
}

/** The rows with their scores; `scoreError` when the scorecards could not be read. */
export interface FleetDataWithScores extends FleetData {
  scoreError?: Error;
  /** The upgrade pull-request states could not be read: the column shows versions only. */
  pullRequestError?: Error;
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
      filter: fleetServicesFilter(CATALOG_FILTER_EXISTS),
      fields: FLEET_ENTITY_FIELDS,
    });
    if (items.length === 0) return { rows: [] };
    const entityRefs = items.map(e => stringifyEntityRef(e));
    const latest = await latestTemplateVersions(catalogApi, items);
    const unknownRows = (message: string) =>
      buildFleetRows(
        items,
        {
          items: [],
          errors: entityRefs.map(entityRef => ({
            entityRef,
            error: { name: 'Error', message },
          })),
        },
        undefined,
        latest,
      );
    try {
      // Batches of the backend's cap; `summary` drops pods and trace series.
      const response = await queryFleetStatus(statusApi, entityRefs, batchSize);
      const rows = buildFleetRows(items, response, undefined, latest);
      lastGood.current = { rows, at: Date.now() };
      return { rows };
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
  const scores = useFleetScores(state.value?.rows, state.updatedAt, batchSize);
  const pulls = useFleetUpgradePullRequests(
    state.value?.rows,
    state.updatedAt,
    batchSize,
  );
  const { refresh } = state;
  const retryAt = state.value?.rateLimited?.retryAt;
  useEffect(() => {
    if (retryAt === undefined) return undefined;
    const timer = setTimeout(refresh, Math.max(0, retryAt - Date.now()));
    return () => clearTimeout(timer);
  }, [retryAt, refresh]);
  const value = useMemo((): FleetDataWithScores | undefined => {
    if (!state.value) return undefined;
    let result: FleetDataWithScores = state.value;
    if (scores.error) result = { ...result, scoreError: scores.error };
    else if (scores.response)
      result = { ...result, rows: withScores(result.rows, scores.response) };
    if (pulls.error) result = { ...result, pullRequestError: pulls.error };
    else if (pulls.response)
      result = {
        ...result,
        rows: withUpgradePullRequests(result.rows, pulls.response),
      };
    return result;
  }, [state.value, scores, pulls]);
  return { ...state, value };
}

/**
 * A batch answer about some of the fleet's rows (`refs`), read after each
 * status answer in the same batches (one query per batch, never one per
 * row). Apart from the status on purpose: a slow or failing answer never
 * holds up the health; the rows then go without it.
 */
function useAfterStatus<T>(
  refs: string[],
  statusUpdatedAt: number | undefined,
  batchSize: number,
  query: (api: EksPlatformApi, refs: string[], batchSize: number) => Promise<T>,
): { response?: T; error?: Error } {
  const api = useApi(eksPlatformApiRef);
  const [answer, setAnswer] = useState<{ response?: T; error?: Error }>({});
  // The refs as one string: a new rows array with the same services asks nothing new.
  const key = refs.join('\n');
  useEffect(() => {
    if (!key) return undefined;
    let current = true;
    query(api, key.split('\n'), batchSize).then(
      response => current && setAnswer({ response }),
      error => current && setAnswer({ error }),
    );
    return () => {
      current = false;
    };
  }, [api, key, batchSize, statusUpdatedAt, query]);
  return answer;
}

/** The scorecards of every row: a failing scorecard leaves the rows without a score. */
function useFleetScores(
  rows: FleetRow[] | undefined,
  statusUpdatedAt: number | undefined,
  batchSize: number,
): { response?: ScorecardQueryResponse; error?: Error } {
  const refs = useMemo(() => rows?.map(r => r.entityRef) ?? [], [rows]);
  return useAfterStatus(refs, statusUpdatedAt, batchSize, queryFleetScorecards);
}

/**
 * The upgrade pull requests of the rows behind their template. The backend
 * answers them from its database (kept fresh by a background refresh), so
 * a fleet of 1,000 costs a few queries, never a GitHub call per row. Only
 * behind rows are asked about: an up-to-date service has no upgrade.
 */
function useFleetUpgradePullRequests(
  rows: FleetRow[] | undefined,
  statusUpdatedAt: number | undefined,
  batchSize: number,
): { response?: FleetUpgradePullRequestsResponse; error?: Error } {
  const refs = useMemo(
    () => (rows ?? []).filter(r => r.template?.behindTo).map(r => r.entityRef),
    [rows],
  );
  return useAfterStatus(
    refs,
    statusUpdatedAt,
    batchSize,
    queryFleetUpgradePullRequests,
  );
}
