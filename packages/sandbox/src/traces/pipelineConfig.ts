import { stringify } from 'yaml';

/*
 * Configuration of the real OpenTelemetry Collector and Jaeger (v2, itself a
 * collector distribution) for the sandbox. Everything listens on loopback;
 * neither exposes its own telemetry port (`metrics.level: none`).
 */

export interface CollectorConfigInput {
  /** `host:port` of the OTLP/HTTP receiver. */
  otlpHttpEndpoint: string;
  /** `host:port` where the Prometheus exporter serves the span metrics. */
  spanMetricsEndpoint: string;
  /** `host:port` of Jaeger's OTLP/gRPC receiver. */
  jaegerOtlpEndpoint: string;
  /** How often the span metrics connector flushes (production default 60s; the sandbox uses 1s). */
  metricsFlushInterval: string;
}

export function collectorConfig(input: CollectorConfigInput): string {
  return stringify({
    receivers: {
      otlp: { protocols: { http: { endpoint: input.otlpHttpEndpoint } } },
    },
    processors: { batch: {} },
    connectors: {
      span_metrics: {
        // Defaults otherwise: namespace traces.span.metrics, unit ms, the
        // default explicit buckets, cumulative temporality.
        metrics_flush_interval: input.metricsFlushInterval,
        dimensions: [{ name: 'deployment.environment' }],
      },
    },
    exporters: {
      prometheus: { endpoint: input.spanMetricsEndpoint },
      'otlp_grpc/jaeger': {
        endpoint: input.jaegerOtlpEndpoint,
        tls: { insecure: true },
      },
    },
    service: {
      pipelines: {
        traces: {
          receivers: ['otlp'],
          processors: ['batch'],
          exporters: ['otlp_grpc/jaeger', 'span_metrics'],
        },
        'metrics/spanmetrics': {
          receivers: ['span_metrics'],
          exporters: ['prometheus'],
        },
      },
      telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } },
    },
  });
}

export interface JaegerConfigInput {
  /** `host:port` of the query service's HTTP API (API v3, SPM, UI). */
  queryHttpEndpoint: string;
  queryGrpcEndpoint: string;
  /** `host:port` of the OTLP/gRPC receiver the collector exports to. */
  otlpGrpcEndpoint: string;
  /** Bound of the memory storage: the oldest traces are evicted beyond it. */
  maxTraces: number;
  /** Prometheus holding the span metrics, for Service Performance Monitoring; absent: no SPM. */
  prometheusUrl?: string;
}

export function jaegerConfig(input: JaegerConfigInput): string {
  const spm = input.prometheusUrl !== undefined;
  return stringify({
    service: {
      extensions: ['jaeger_storage', 'jaeger_query'],
      pipelines: {
        traces: {
          receivers: ['otlp'],
          processors: ['batch'],
          exporters: ['jaeger_storage_exporter'],
        },
      },
      telemetry: { metrics: { level: 'none' }, logs: { level: 'warn' } },
    },
    extensions: {
      jaeger_query: {
        storage: {
          traces: 'memstore',
          ...(spm ? { metrics: 'promstore' } : {}),
        },
        http: { endpoint: input.queryHttpEndpoint },
        grpc: { endpoint: input.queryGrpcEndpoint },
        // On by default in Jaeger v2: it would export Jaeger's own spans to
        // localhost:4317 (nothing listens there) and wait 10 s on shutdown.
        enable_tracing: false,
      },
      jaeger_storage: {
        backends: { memstore: { memory: { max_traces: input.maxTraces } } },
        ...(spm
          ? {
              metric_backends: {
                promstore: {
                  prometheus: {
                    endpoint: input.prometheusUrl,
                    // The collector's Prometheus exporter adds `_total` and
                    // `_milliseconds` to the connector's metric names.
                    normalize_calls: true,
                    normalize_duration: true,
                  },
                },
              },
            }
          : {}),
      },
    },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: input.otlpGrpcEndpoint } } },
    },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: 'memstore' } },
  });
}
