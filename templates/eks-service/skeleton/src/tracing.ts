import { type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  tracer: Tracer;
  /** Exports buffered spans now. */
  forceFlush(): Promise<void>;
  /** Flushes buffered spans and stops exporting; called during graceful shutdown. */
  shutdown(): Promise<void>;
}

/**
 * Registers a global tracer provider (W3C trace context propagation and
 * AsyncLocalStorage context) that exports spans over OTLP/HTTP. Without an
 * endpoint the no-op tracer is used, so local runs need no collector.
 */
export function startTracing(
  serviceName: string,
  endpoint: string | undefined,
  exporter?: SpanExporter,
): Tracing {
  if (!endpoint && !exporter) {
    return {
      tracer: trace.getTracer(serviceName),
      forceFlush: async () => {},
      shutdown: async () => {},
    };
  }
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter ?? new OTLPTraceExporter({ url: endpoint }))],
  });
  provider.register();
  return {
    tracer: provider.getTracer(serviceName),
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
