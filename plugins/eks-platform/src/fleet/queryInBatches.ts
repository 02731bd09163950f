import { RateLimitedError } from '../api';

/** The shape of the backend's batch answers (status and scorecard). */
export interface BatchResponse<T> {
  items: T[];
  errors: Array<{
    entityRef: string;
    error: { name: string; message: string };
  }>;
}

/**
 * Sends `entityRefs` in batches of at most `batchSize` (the backend's
 * `eksPlatform.status.query.maxEntities`), together, and merges the
 * answers. When any batch is rate limited, the whole answer is: one
 * RateLimitedError with the longest announced delay.
 */
export async function queryInBatches<T>(
  entityRefs: string[],
  batchSize: number,
  query: (batch: string[]) => Promise<BatchResponse<T>>,
): Promise<BatchResponse<T>> {
  const size = Math.max(1, Math.floor(batchSize));
  const batches: string[][] = [];
  for (let i = 0; i < entityRefs.length; i += size)
    batches.push(entityRefs.slice(i, i + size));
  const settled = await Promise.allSettled(batches.map(query));
  const limited = settled
    .map(s => (s.status === 'rejected' ? s.reason : undefined))
    .filter((e): e is RateLimitedError => e instanceof RateLimitedError)
    .sort((a, b) => b.retryAfterMs - a.retryAfterMs);
  if (limited.length > 0) throw limited[0];
  const response: BatchResponse<T> = { items: [], errors: [] };
  for (const s of settled) {
    if (s.status === 'rejected') throw s.reason;
    response.items.push(...s.value.items);
    response.errors.push(...s.value.errors);
  }
  return response;
}
