import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { serviceResource } from './resource';

export interface Tracing {
  tracer: Tracer;
  /** The resource every span carries (service name plus OTEL_RESOURCE_ATTRIBUTES). */
  resource: Resource;
  /** Exports buffered spans now. */
  forceFlush(): Promise<void>;
  /** Flushes buffered spans and stops exporting; called during graceful shutdown. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP traces URL; without it (and without `exporter`) spans are not exported. */
  endpoint?: string;
  /** Replaces the OTLP exporter (tests use an in-memory one). */
  exporter?: SpanExporter;
}

/**
 * Registers the global tracer provider (W3C trace context and baggage
 * propagation, AsyncLocalStorage context) and the instrumentations that put
 * the active trace context on outgoing calls: `http`/`https` and fetch
 * (Node's bundled undici). Incoming requests are traced by the server itself,
 * with the route template as the span name, so the http instrumentation only
 * handles outgoing calls.
 *
 * The provider is registered even when nothing is exported: the service then
 * still passes its callers' trace context on to the services it calls.
 *
 * `http` is patched when it is next loaded: call this before loading the
 * modules that make calls (src/index.ts loads the rest of the service after it).
 */
export function startTracing(options: TracingOptions): Tracing {
  const resource = serviceResource(options.serviceName);
  const exporter =
    options.exporter ??
    (options.endpoint ? new OTLPTraceExporter({ url: options.endpoint }) : undefined);
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: exporter ? [new BatchSpanProcessor(exporter)] : [],
  });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
      new UndiciInstrumentation(),
    ],
  });
  return {
    tracer: provider.getTracer(options.serviceName),
    resource,
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
}
