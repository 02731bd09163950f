import { StatusQueryResponse } from '@internal/backstage-plugin-eks-platform-common';
import { EksPlatformApi, RateLimitedError } from '../api';

/**
 * The fleet's statuses in batches of at most `batchSize` refs (the
 * backend's `eksPlatform.status.query.maxEntities`), sent together and
 * merged. When any batch is rate limited, the whole answer is: one
 * RateLimitedError with the longest announced delay.
 */
export async function queryFleetStatus(
  api: EksPlatformApi,
  entityRefs: string[],
  batchSize: number,
): Promise<StatusQueryResponse> {
  const size = Math.max(1, Math.floor(batchSize));
  const batches: string[][] = [];
  for (let i = 0; i < entityRefs.length; i += size)
    batches.push(entityRefs.slice(i, i + size));
  const settled = await Promise.allSettled(
    batches.map(refs => api.queryStatus({ entityRefs: refs, view: 'summary' })),
  );
  const limited = settled
    .map(s => (s.status === 'rejected' ? s.reason : undefined))
    .filter((e): e is RateLimitedError => e instanceof RateLimitedError)
    .sort((a, b) => b.retryAfterMs - a.retryAfterMs);
  if (limited.length > 0) throw limited[0];
  const response: StatusQueryResponse = { items: [], errors: [] };
  for (const s of settled) {
    if (s.status === 'rejected') throw s.reason;
    response.items.push(...s.value.items);
    response.errors.push(...s.value.errors);
  }
  return response;
}
