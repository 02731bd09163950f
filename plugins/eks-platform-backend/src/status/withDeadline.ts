import { SourceResult } from '@internal/backstage-plugin-eks-platform-common';

/**
 * Bounds one source's part of a status request: whatever happens upstream
 * or in the cache, the source answers by its deadline, so one slow source
 * never delays the others.
 */
export async function withDeadline<T>(
  work: (deadline: number) => Promise<SourceResult<T>>,
  deadlineMs: number,
  upstream: string,
  onError: (error: unknown) => void,
): Promise<SourceResult<T>> {
  const deadline = Date.now() + deadlineMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SourceResult<T>>(resolve => {
    timer = setTimeout(
      () =>
        resolve({
          state: 'error',
          error: { upstream, message: `no answer within ${deadlineMs} ms` },
        }),
      deadlineMs,
    );
  });
  try {
    return await Promise.race([
      work(deadline).catch(error => {
        onError(error);
        return {
          state: 'error',
          error: {
            upstream,
            message: 'unexpected error while reading this source',
          },
        } as SourceResult<T>;
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
