import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { RootLifecycleService } from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { httpMetricsMiddleware, startMetricsServer } from './httpMetrics';
import { RequestDrain } from './requestDrain';

/*
 * Backstage's root HTTP router with the defaults it applies itself
 * (`applyDefaults`), plus the two things a replica behind a load balancer
 * needs (see requestDrain.ts and httpMetrics.ts). Readiness turning 503 on
 * SIGTERM, the serving delay (`backend.lifecycle.serverShutdownDelay`) and
 * closing the server come from Backstage's own lifecycle and health
 * services unchanged.
 */

/** `backend.lifecycle.serverShutdownDelay` in ms (0 when unset). */
export function serverShutdownDelayMs(config: {
  has(key: string): boolean;
}): number {
  const key = 'backend.lifecycle.serverShutdownDelay';
  if (!config.has(key)) return 0;
  return durationToMilliseconds(readDurationFromConfig(config as any, { key }));
}

/** METRICS_PORT as the golden-path chart sets it; undefined when unset. */
export function metricsPortFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): number | undefined {
  const raw = env.METRICS_PORT;
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(
      `METRICS_PORT must be a port number (1-65535), got ${JSON.stringify(
        raw,
      )}`,
    );
  }
  return port;
}

export const portalRootHttpRouter = rootHttpRouterServiceFactory({
  configure({ app, config, lifecycle, logger, applyDefaults }) {
    const drain = new RequestDrain();
    app.use(drain.middleware());
    app.use(httpMetricsMiddleware());
    applyDefaults();

    const delayMs = serverShutdownDelayMs(config);
    // `configure` is typed with the plugin lifecycle, but the root HTTP
    // router is a root service and gets the root lifecycle, which has the
    // before-shutdown phase (the one the health service and
    // serverShutdownDelay use): draining must happen there, before plugins stop.
    const rootLifecycle = lifecycle as unknown as RootLifecycleService;
    if (typeof rootLifecycle.addBeforeShutdownHook !== 'function') {
      throw new Error(
        'The root HTTP router got no root lifecycle (addBeforeShutdownHook): cannot drain on shutdown',
      );
    }
    rootLifecycle.addBeforeShutdownHook(async () => {
      logger.info(
        `Draining: readiness is 503, serving ${delayMs} ms more, ${drain.inFlight} requests in flight`,
      );
      await drain.drain(delayMs);
      logger.info('Drained: no request in flight');
    });

    const metricsPort = metricsPortFromEnvironment();
    if (metricsPort !== undefined) {
      const listen = config.getOptional('backend.listen');
      const host =
        typeof listen === 'object' && listen !== null && 'host' in listen
          ? String((listen as { host: unknown }).host)
          : undefined;
      startMetricsServer(metricsPort, host).then(
        server => {
          logger.info(`Metrics on ${host ?? '*'}:${metricsPort}/metrics`);
          lifecycle.addShutdownHook(() => {
            server.close();
          });
        },
        error => logger.error(`Metrics server failed to start: ${error}`),
      );
    }
  },
});
