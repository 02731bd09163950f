import { StatusQueryResponse } from '@internal/backstage-plugin-eks-platform-common';
import { EksPlatformApi } from '../api';
import { queryInBatches } from './queryInBatches';

/**
 * The fleet's statuses in batches of at most `batchSize` refs (the
 * backend's `eksPlatform.status.query.maxEntities`), sent together and
 * merged; `summary` drops pods and trace series. When any batch is rate
 * limited, the whole answer is: one RateLimitedError with the longest
 * announced delay.
 */
export async function queryFleetStatus(
  api: EksPlatformApi,
  entityRefs: string[],
  batchSize: number,
): Promise<StatusQueryResponse> {
  return queryInBatches(entityRefs, batchSize, refs =>
    api.queryStatus({ entityRefs: refs, view: 'summary' }),
  );
}

/** The upgrade pull requests of the services behind their template, batched the same way. */
export async function queryFleetUpgradePullRequests(
  api: EksPlatformApi,
  entityRefs: string[],
  batchSize: number,
) {
  return queryInBatches(entityRefs, batchSize, refs =>
    api.queryUpgradePullRequests({ entityRefs: refs }),
  );
}

/** The fleet's scorecards, batched the same way: one query per batch, never one per row. */
export async function queryFleetScorecards(
  api: EksPlatformApi,
  entityRefs: string[],
  batchSize: number,
) {
  return queryInBatches(entityRefs, batchSize, refs =>
    api.queryScorecards({ entityRefs: refs }),
  );
}
