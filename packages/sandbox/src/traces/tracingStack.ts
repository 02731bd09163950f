import { Fleet } from '../fleet';
import {
  detectPrometheusBinaries,
  MetricsExporter,
  PrometheusStack,
  PrometheusStackOptions,
  startMetricsExporter,
  startPrometheusStack,
} from '../prometheus';
import { freePort } from '../shared/process';
import { TrafficModel } from '../workload/traffic';
import {
  detectTracePipelineBinaries,
  startTracePipeline,
  TracePipeline,
} from './pipeline';
import {
  SpanEmitter,
  SpanEmitterOptions,
  startSpanEmitter,
} from './spanEmitter';

/*
 * The observability half of the sandbox on its own, for tests of what reads
 * it: the workload metrics exporter, the real Prometheus + Alertmanager
 * scraping it and the collector's span metrics, the real collector + Jaeger,
 * and the span emitter feeding them — all on free loopback ports.
 */

export interface TracingStackOptions {
  fleet: Fleet;
  traffic?: TrafficModel;
  /** Clusters (deployment environments) the emitter covers (default prod). */
  clusters?: string[];
  emitter?: Partial<
    Omit<SpanEmitterOptions, 'fleet' | 'traffic' | 'otlpUrl' | 'clusters'>
  >;
  /** Alert rule timing and the like, passed to startPrometheusStack. */
  prometheus?: Partial<PrometheusStackOptions>;
}

export interface TracingStack {
  prometheus: PrometheusStack;
  pipeline: TracePipeline;
  emitter: SpanEmitter;
  exporter: MetricsExporter;
  /**
   * Resolves once Prometheus holds enough span metrics of `service` for a
   * rate (three scrapes of its calls counter); rejects after `timeoutMs`.
   */
  untilRate(service: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Whether startTracingStack can run here, and if not, why (for a skip message). */
export function tracingStackAvailability(): {
  available: boolean;
  reason?: string;
} {
  const prometheus = detectPrometheusBinaries();
  const pipeline = detectTracePipelineBinaries();
  const reasons = [
    ...(prometheus.available
      ? []
      : [
          `${prometheus.missing.join(
            ' and ',
          )} not installed (apt-get install prometheus prometheus-alertmanager).`,
        ]),
    ...(pipeline.reason ? [pipeline.reason] : []),
  ];
  return reasons.length === 0
    ? { available: true }
    : { available: false, reason: reasons.join(' ') };
}

export async function startTracingStack(
  options: TracingStackOptions,
): Promise<TracingStack> {
  const traffic = options.traffic ?? new TrafficModel(options.fleet);
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => {});
  };
  try {
    const exporter = await startMetricsExporter({
      fleet: options.fleet,
      traffic,
    });
    closers.push(() => exporter.close());
    const spanMetrics = await freePort();
    const prometheus = await startPrometheusStack({
      // As the sandbox: alert rules of the first 200 services (the exporter's).
      services: options.fleet.services.slice(0, 200),
      ...options.prometheus,
      exporterUrl: exporter.url,
      spanMetricsTarget: `127.0.0.1:${spanMetrics}`,
    });
    closers.push(() => prometheus.close());
    const pipeline = await startTracePipeline({
      ports: { spanMetrics },
      prometheusUrl: prometheus.prometheusUrl,
    });
    closers.push(() => pipeline.close());
    const emitter = startSpanEmitter({
      ...options.emitter,
      fleet: options.fleet,
      traffic,
      otlpUrl: pipeline.otlpUrl,
      clusters: options.clusters ?? ['prod'],
    });
    closers.push(() => emitter.stop());
    const untilRate = async (service: string, timeoutMs = 30_000) => {
      const query = `count_over_time(traces_span_metrics_calls_total{service_name="${service}"}[1m])`;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await fetch(
          `${prometheus.prometheusUrl}/api/v1/query?query=${encodeURIComponent(
            query,
          )}`,
        ).catch(() => undefined);
        const body = res?.ok ? await res.json() : undefined;
        const samples: Array<{ value: [number, string] }> =
          body?.data?.result ?? [];
        if (samples.some(r => Number(r.value[1]) >= 3)) return;
        if (Date.now() > deadline) {
          throw new Error(
            `no span metrics of ${service} in Prometheus within ${timeoutMs} ms (emitter: ${
              emitter.stats.batches
            } batches sent, ${emitter.stats.failedBatches} failed${
              emitter.stats.lastError
                ? `, last error ${emitter.stats.lastError}`
                : ''
            })`,
          );
        }
        await new Promise(r => setTimeout(r, 250));
      }
    };
    return { prometheus, pipeline, emitter, exporter, untilRate, close };
  } catch (error) {
    await close();
    throw error;
  }
}
