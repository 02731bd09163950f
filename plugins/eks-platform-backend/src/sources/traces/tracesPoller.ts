import { LoggerService } from '@backstage/backend-plugin-api';
import { ErrorTraceLink } from '@internal/backstage-plugin-eks-platform-common';
import { SnapshotStore } from '../../cache/SnapshotStore';
import { TracesConfig } from '../../config/readPlatformConfig';
import { describeUpstreamFailure } from '@internal/backstage-plugin-eks-platform-node';
import { fetchErrorTraces } from './jaegerErrorTraces';
import { JaegerSpmBackend } from './jaegerSpm';
import { PrometheusSpanMetricsBackend } from './prometheusSpanMetrics';
import { ServiceTraces, TraceMetricsBackend } from './types';

export const TRACES_SOURCE = 'traces';

export type StoredTraces = ServiceTraces & { errorTraces: ErrorTraceLink[] };

export function createTraceMetricsBackend(
  config: TracesConfig,
): TraceMetricsBackend {
  return config.source === 'prometheus'
    ? new PrometheusSpanMetricsBackend(
        config.prometheus!.url,
        config.windowMinutes,
      )
    : new JaegerSpmBackend(config.jaeger!.url, config.windowMinutes);
}

/** Error-trace searches per poll are bounded so a bad hour cannot flood Jaeger. */
const MAX_ERROR_TRACE_SEARCHES = 50;
const ERROR_TRACE_CONCURRENCY = 4;

/**
 * One poll: RED metrics of every traced service in the catalog, plus links
 * to recent error traces for the services that have errors right now.
 * Results are stored per service so a status request reads one small key.
 */
export async function pollTraces(options: {
  config: TracesConfig;
  backend: TraceMetricsBackend;
  store: SnapshotStore;
  services: string[];
  timeoutMs: number;
  logger: LoggerService;
  now?: Date;
}): Promise<void> {
  const { config, backend, store, services, logger } = options;
  const now = options.now ?? new Date();
  let metrics: Map<string, ServiceTraces>;
  try {
    metrics = await backend.fetch(services, options.timeoutMs, now);
  } catch (error) {
    const message = describeUpstreamFailure(error);
    logger.warn(`Polling traces from ${backend.upstream} failed: ${message}`);
    await Promise.all(
      services.map(s => store.recordFailure(TRACES_SOURCE, s, message, now)),
    );
    await store.bumpGeneration(TRACES_SOURCE);
    return;
  }

  const errorTraces = new Map<string, ErrorTraceLink[]>();
  if (config.jaeger) {
    const jaeger = config.jaeger;
    const erroring = services
      .filter(s => (metrics.get(s)?.current.errorRatio ?? 0) > 0)
      .slice(0, MAX_ERROR_TRACE_SEARCHES);
    let next = 0;
    const worker = async () => {
      while (next < erroring.length) {
        const service = erroring[next++];
        try {
          errorTraces.set(
            service,
            await fetchErrorTraces({
              jaegerUrl: jaeger.url,
              uiUrl: jaeger.uiUrl ?? jaeger.url,
              service,
              now,
              lookbackMinutes: config.windowMinutes * 3,
              timeoutMs: options.timeoutMs,
            }),
          );
        } catch (error) {
          // Links are a convenience: metrics stay fresh without them.
          logger.warn(
            `Searching error traces of ${service} failed: ${describeUpstreamFailure(
              error,
            )}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: ERROR_TRACE_CONCURRENCY }, worker));
  }

  const changed = await Promise.all(
    services.map(service => {
      const m: ServiceTraces = metrics.get(service) ?? {
        service,
        window: `${config.windowMinutes}m`,
        current: { requestRate: 0, errorRatio: 0, latencyMs: {} },
        series: [],
        operations: [],
      };
      const stored: StoredTraces = {
        ...m,
        errorTraces: errorTraces.get(service) ?? [],
      };
      return store.recordSuccess(TRACES_SOURCE, service, stored, now);
    }),
  );
  // Unchanged figures only move the poll time (see SnapshotStore).
  if (changed.some(Boolean)) await store.bumpGeneration(TRACES_SOURCE);
  else await store.bumpPolled(TRACES_SOURCE);
}
