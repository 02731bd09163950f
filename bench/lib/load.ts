import { performance } from 'node:perf_hooks';

export interface TimedResult {
  ms: number;
  status: number;
  timedOut: boolean;
  /** Server-Timing durations by name, when the server sends them. */
  serverTiming?: Record<string, number>;
}

function parseServerTiming(
  header: string | null,
): Record<string, number> | undefined {
  if (!header) return undefined;
  const out: Record<string, number> = {};
  for (const part of header.split(',')) {
    const m = /^\s*([\w-]+);dur=([\d.]+)/.exec(part);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** One HTTP request, timed end to end including the body, with a client-side timeout. */
export async function timedRequest(
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<TimedResult & { body?: any }> {
  const start = performance.now();
  try {
    const res = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.json().catch(() => undefined);
    return {
      ms: performance.now() - start,
      status: res.status,
      timedOut: false,
      body,
      serverTiming: parseServerTiming(res.headers.get('server-timing')),
    };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return { ms: performance.now() - start, status: 0, timedOut };
  }
}

/** `total` requests spread over `concurrency` workers that each wait for their answer. */
export async function runConcurrent(
  concurrency: number,
  total: number,
  request: () => Promise<TimedResult>,
): Promise<TimedResult[]> {
  const results: TimedResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      results.push(await request());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
