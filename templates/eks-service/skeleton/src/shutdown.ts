import type { Server } from 'node:http';
import type { Logger } from './logger';

export interface ShutdownOptions {
  server: Server;
  logger: Logger;
  drainMs: number;
  timeoutMs: number;
  /** Closes what requests used (database pool) and flushes telemetry; runs after the server stopped accepting requests. */
  onClosed: () => Promise<void>;
  markNotReady: () => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Graceful shutdown in the order Kubernetes needs: fail readiness first, keep
 * serving while endpoints and the load balancer drop the pod (drainMs), then
 * stop accepting connections, wait for in-flight requests (bounded by
 * timeoutMs) and flush spans. Resolves with the exit code.
 */
export async function shutdownGracefully(options: ShutdownOptions): Promise<number> {
  const { server, logger, drainMs, timeoutMs } = options;
  options.markNotReady();
  logger.info('shutdown started', { drainMs, timeoutMs });
  await sleep(drainMs);

  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  // Keep-alive connections that finish their last request after close()
  // started would otherwise hold the server open until the timeout.
  const reaper = setInterval(() => server.closeIdleConnections(), 25);
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  let exitCode = 0;
  try {
    const outcome = await Promise.race([closed.then(() => 'closed' as const), timedOut]);
    if (outcome === 'timeout') {
      logger.warn('in-flight requests did not finish in time; closing connections');
      server.closeAllConnections();
      exitCode = 1;
    }
  } catch (error) {
    logger.error('server close failed', { error });
    exitCode = 1;
  } finally {
    clearTimeout(timer);
    clearInterval(reaper);
  }
  try {
    await options.onClosed();
  } catch (error) {
    logger.error('telemetry flush failed', { error });
  }
  logger.info('shutdown complete', { exitCode });
  return exitCode;
}
