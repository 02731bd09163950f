import { Fleet } from './fleet';
import { freePort } from './shared/process';
import { DEFAULT_PORTS } from './ports';
import type { SandboxOptions } from './sandboxTypes';
import {
  detectTracePipelineBinaries,
  SpanEmitter,
  startSpanEmitter,
  startTracePipeline,
  TracePipeline,
  TracePipelinePorts,
} from './traces';
import { TrafficModel } from './workload';

/** Whether the sandbox runs the real trace pipeline, and on which ports. */
export type TracesPlan =
  | { running: true; ports: Required<TracePipelinePorts> }
  | { running: false; reason: string };

/**
 * Decides before anything starts, so Prometheus can be told where the span
 * metrics will be and Jaeger where Prometheus is.
 */
export async function planTraces(
  options: SandboxOptions,
  fixed: boolean,
  log: (message: string) => void,
): Promise<TracesPlan> {
  if (options.traces === false) {
    return { running: false, reason: 'disabled by the traces option' };
  }
  const { reason } = detectTracePipelineBinaries();
  if (reason) {
    if (options.traces === true) {
      throw new Error(`startSandbox: traces: true, but ${reason}`);
    }
    log(
      `The trace pipeline (OpenTelemetry Collector + Jaeger) is not running: ${reason} Traces will be empty; the rest of the sandbox works.`,
    );
    return { running: false, reason };
  }
  const pick = async (p: number) => (fixed ? p : freePort());
  return {
    running: true,
    ports: {
      jaegerQuery: await pick(DEFAULT_PORTS.jaeger),
      jaegerQueryGrpc: await pick(DEFAULT_PORTS.jaegerQueryGrpc),
      jaegerOtlpGrpc: await pick(DEFAULT_PORTS.jaegerOtlpGrpc),
      otlpHttp: await pick(DEFAULT_PORTS.otlpHttp),
      spanMetrics: await pick(DEFAULT_PORTS.spanMetrics),
    },
  };
}

export function spanMetricsTarget(plan: TracesPlan): string | undefined {
  return plan.running ? `127.0.0.1:${plan.ports.spanMetrics}` : undefined;
}

/** Starts the collector and Jaeger, then the span emitter feeding them. */
export async function startTraces(input: {
  plan: Extract<TracesPlan, { running: true }>;
  options: SandboxOptions;
  fleet: Fleet;
  traffic: TrafficModel;
  clusters: string[];
  prometheusUrl?: string;
  log: (message: string) => void;
  onStarted: (close: () => Promise<void>) => void;
}): Promise<{ pipeline: TracePipeline; emitter: SpanEmitter }> {
  const pipeline = await startTracePipeline({
    ports: input.plan.ports,
    prometheusUrl: input.prometheusUrl,
  });
  input.onStarted(() => pipeline.close());
  const emitter = startSpanEmitter({
    ...input.options.spanEmitter,
    fleet: input.fleet,
    traffic: input.traffic,
    otlpUrl: pipeline.otlpUrl,
    clusters: input.clusters,
    seed: input.options.seed,
    log: input.log,
  });
  input.onStarted(() => emitter.stop());
  return { pipeline, emitter };
}
