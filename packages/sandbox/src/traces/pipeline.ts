import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  ManagedProcess,
  startProcess,
  waitUntilReady,
} from '../shared/process';
import { findUpstreamBinary, UpstreamBinary } from '../upstreams';
import { collectorConfig, jaegerConfig } from './pipelineConfig';

export interface TracePipelinePorts {
  /** Jaeger query: API v3, SPM (`/api/metrics`), UI. */
  jaegerQuery?: number;
  jaegerQueryGrpc?: number;
  /** Jaeger's OTLP/gRPC receiver (the collector exports to it). */
  jaegerOtlpGrpc?: number;
  /** The collector's OTLP/HTTP receiver (the span emitter posts to it). */
  otlpHttp?: number;
  /** The collector's Prometheus exporter (span metrics). */
  spanMetrics?: number;
}

export interface TracePipelineOptions {
  /** Fixed ports; 0 or absent: free ports. */
  ports?: TracePipelinePorts;
  /** Prometheus that scrapes the span metrics: Jaeger's SPM reads it. Absent: Jaeger without SPM. */
  prometheusUrl?: string;
  /** Bound of Jaeger's memory storage (default 20,000 traces). */
  maxTraces?: number;
  /** Span metrics flush interval of the connector (default 1s). */
  metricsFlushInterval?: string;
  readyTimeoutMs?: number;
}

export interface TracePipeline {
  /** Jaeger query base URL (`/api/v3`, `/api/metrics`). */
  jaegerUrl: string;
  /** Collector OTLP/HTTP base URL (`/v1/traces`). */
  otlpUrl: string;
  /** `host:port` of the span metrics for Prometheus to scrape. */
  spanMetricsTarget: string;
  collector: UpstreamBinary;
  jaeger: UpstreamBinary;
  /** The two child processes (for measurements). */
  processes: ManagedProcess[];
  close(): Promise<void>;
}

/** The built collector and Jaeger, or why they are missing. */
export function detectTracePipelineBinaries(): {
  collector?: UpstreamBinary;
  jaeger?: UpstreamBinary;
  reason?: string;
} {
  const collector = findUpstreamBinary('otelcol');
  const jaeger = findUpstreamBinary('jaeger');
  const reasons = [collector.reason, jaeger.reason].filter(Boolean);
  return {
    collector: collector.binary,
    jaeger: jaeger.binary,
    reason: reasons.length > 0 ? reasons.join(' ') : undefined,
  };
}

/**
 * Starts the real trace pipeline on loopback: Jaeger (memory storage with a
 * bound, query API, SPM backed by Prometheus) and the OpenTelemetry
 * Collector (OTLP/HTTP in; traces out to Jaeger over OTLP/gRPC; span
 * metrics out through its Prometheus exporter), both built from their Go
 * modules by the upstream bootstrap.
 */
export async function startTracePipeline(
  options: TracePipelineOptions = {},
): Promise<TracePipeline> {
  const found = detectTracePipelineBinaries();
  if (!found.collector || !found.jaeger) {
    throw new Error(`Cannot start the trace pipeline: ${found.reason}`);
  }
  const port = async (p?: number) => p || freePort();
  const ports = options.ports ?? {};
  const jaegerQuery = await port(ports.jaegerQuery);
  const jaegerQueryGrpc = await port(ports.jaegerQueryGrpc);
  const jaegerOtlpGrpc = await port(ports.jaegerOtlpGrpc);
  const otlpHttp = await port(ports.otlpHttp);
  const spanMetrics = await port(ports.spanMetrics);
  const host = '127.0.0.1';
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-sandbox-traces-'));
  fs.writeFileSync(
    path.join(workDir, 'jaeger.yaml'),
    jaegerConfig({
      queryHttpEndpoint: `${host}:${jaegerQuery}`,
      queryGrpcEndpoint: `${host}:${jaegerQueryGrpc}`,
      otlpGrpcEndpoint: `${host}:${jaegerOtlpGrpc}`,
      maxTraces: options.maxTraces ?? 20_000,
      prometheusUrl: options.prometheusUrl,
    }),
  );
  fs.writeFileSync(
    path.join(workDir, 'collector.yaml'),
    collectorConfig({
      otlpHttpEndpoint: `${host}:${otlpHttp}`,
      spanMetricsEndpoint: `${host}:${spanMetrics}`,
      jaegerOtlpEndpoint: `${host}:${jaegerOtlpGrpc}`,
      metricsFlushInterval: options.metricsFlushInterval ?? '1s',
    }),
  );
  const jaegerUrl = `http://${host}:${jaegerQuery}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const processes: ManagedProcess[] = [];
  const stopAll = async () => {
    // Collector first, so its last batch still finds Jaeger.
    for (const p of [...processes].reverse()) await p.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const jaeger = startProcess(
      'Jaeger',
      found.jaeger.path,
      ['--config', path.join(workDir, 'jaeger.yaml')],
      workDir,
    );
    processes.push(jaeger);
    await waitUntilReady(
      `${jaegerUrl}/api/v3/services`,
      jaeger,
      readyTimeoutMs,
    );
    const collector = startProcess(
      'OpenTelemetry Collector',
      found.collector.path,
      ['--config', path.join(workDir, 'collector.yaml')],
      workDir,
    );
    processes.push(collector);
    await waitUntilReady(
      `http://${host}:${spanMetrics}/metrics`,
      collector,
      readyTimeoutMs,
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    jaegerUrl,
    otlpUrl: `http://${host}:${otlpHttp}`,
    spanMetricsTarget: `${host}:${spanMetrics}`,
    collector: found.collector,
    jaeger: found.jaeger,
    processes,
    close: () => (closed ??= stopAll()),
  };
}
