import { performance } from 'node:perf_hooks';
import { DEFAULT_STATUS_QUERY_MAX_ENTITIES } from '@internal/backstage-plugin-eks-platform-common';
import { timedRequest } from './load';

/** The fleet's refs in batches of the default cap, sent together as the fleet page does. */
export function fleetBatches(refs: string[]): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < refs.length; i += DEFAULT_STATUS_QUERY_MAX_ENTITIES)
    batches.push(refs.slice(i, i + DEFAULT_STATUS_QUERY_MAX_ENTITIES));
  return batches;
}

/**
 * The whole fleet as the fleet page asks for it: batches of the cap at
 * once, `view: summary`; end to end until the last answer, server side
 * (Server-Timing catalog + status) of the slowest.
 */
export async function fleetQuery(
  base: string,
  headers: Record<string, string>,
  services: string[],
  timeoutMs: number,
) {
  const started = performance.now();
  const answers = await Promise.all(
    fleetBatches(services).map(entityRefs =>
      timedRequest(
        `${base}/eks-platform/v1/status/query`,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ entityRefs, view: 'summary' }),
        },
        timeoutMs,
      ),
    ),
  );
  const failed = answers.find(a => a.status !== 200);
  if (failed) throw new Error(`fleet query answered ${failed.status}`);
  return {
    ms: performance.now() - started,
    serverMs: Math.max(
      ...answers.map(
        a => (a.serverTiming?.catalog ?? 0) + (a.serverTiming?.status ?? 0),
      ),
    ),
    items: answers.reduce((n, a) => n + (a.body?.items?.length ?? 0), 0),
    batches: answers.length,
  };
}
