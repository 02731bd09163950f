import { createRandom, Fleet, FleetService, ServiceRoute } from '../fleet';
import {
  DEFAULT_CLUSTER_TRAFFIC_SCALE,
  TrafficModel,
} from '../workload/traffic';
import {
  EmittedSpan,
  requestSpans,
  RequestPlan,
  resourceAttributes,
} from './otlpSpans';
import {
  poisson,
  powerOfTwoAtLeast,
  samplingRate,
  SamplingRate,
} from './sampling';

export interface SpanEmitterOptions {
  fleet: Fleet;
  /** The shared traffic model: request rates, error ratios and latencies. */
  traffic: TrafficModel;
  /** Base URL of the collector's OTLP/HTTP receiver (`/v1/traces` is appended). */
  otlpUrl: string;
  /** Clusters the services run in; each is a `deployment.environment`. */
  clusters: string[];
  /** Cluster → share of the traffic (default prod 1, stage 0.25, dev 0.1, others 0.5), as the workload. */
  trafficScale?: Record<string, number>;
  /** How often a batch is sent (default 1 s). */
  intervalMs?: number;
  /** Keep one successful request in N (default 64; rounded up to a power of two, raised for big fleets: see maxTracesPerSecond). */
  sampleOneIn?: number;
  /** Keep one failed request in N, a power of two (default 8), so error traces are there to link to. */
  errorSampleOneIn?: number;
  /** Budget of sampled traces per second over the whole fleet (default 100): sampling is made sparser to fit. */
  maxTracesPerSecond?: number;
  /**
   * At most this many services are traced, catalog services first (default
   * 50: each traced service adds ~600 span metric series to every scrape).
   */
  maxServices?: number;
  seed?: number;
  log?: (message: string) => void;
}

/** What the collector accepted, with span metrics' adjusted counts. */
export interface ServiceCalls {
  /** SERVER spans sent. */
  spans: number;
  /** SERVER spans × their adjusted count (1 in N sampled counts N): what span metrics should count. */
  calls: number;
  /** The same for SERVER spans with an error status. */
  errors: number;
}

export interface SpanEmitterStats {
  batches: number;
  failedBatches: number;
  spans: number;
  /** Spans of batches that failed or were skipped because the previous one was still in flight. */
  droppedSpans: number;
  lastError?: string;
  /** Per `service` and `deployment.environment`. */
  serverCalls(service: string, environment?: string): ServiceCalls;
}

export interface SpanEmitter {
  services: FleetService[];
  sampling: { successOneIn: number; errorOneIn: number };
  stats: SpanEmitterStats;
  /** Sends the traffic since the previous batch now (tests; the timer does it every interval). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_OTHER_CLUSTER_SCALE = 0.5;

/**
 * Emits OTLP spans for the fleet's services from the traffic model: every
 * interval, per service and cluster, a Poisson-distributed number of sampled
 * requests (failed ones sampled more often), each a trace of real spans with
 * W3C trace context and OpenTelemetry's sampling threshold in `tracestate`.
 * One OTLP/HTTP JSON request per interval goes to the collector; a batch that
 * fails is dropped and counted, never queued, so a dead collector costs
 * nothing.
 */
export function startSpanEmitter(options: SpanEmitterOptions): SpanEmitter {
  const intervalMs = options.intervalMs ?? 1000;
  if (!(intervalMs >= 50)) {
    throw new Error(
      `Sandbox traces: intervalMs must be at least 50, got ${options.intervalMs}`,
    );
  }
  // A service that breaks `noTraces` is not instrumented: no span of its own.
  const services = options.fleet.services
    .filter(s => !s.breaks.includes('noTraces'))
    .slice(0, options.maxServices ?? 50);
  const scaleOf = (cluster: string) =>
    options.trafficScale?.[cluster] ??
    DEFAULT_CLUSTER_TRAFFIC_SCALE[cluster] ??
    DEFAULT_OTHER_CLUSTER_SCALE;
  const { traffic, clusters } = options;

  // Requests per second the fleet serves at the middle of the load curve.
  const fleetRps = services.reduce(
    (sum, s) =>
      sum +
      clusters.reduce((c, name) => c + s.params.baseRps * scaleOf(name), 0),
    0,
  );
  const budget = options.maxTracesPerSecond ?? 100;
  const successOneIn = Math.max(
    powerOfTwoAtLeast(options.sampleOneIn ?? 64),
    powerOfTwoAtLeast(fleetRps / budget),
  );
  const errorOneIn = Math.min(
    successOneIn,
    Math.max(
      powerOfTwoAtLeast(options.errorSampleOneIn ?? 8),
      successOneIn / 8,
    ),
  );
  const successRate = samplingRate(successOneIn);
  const errorRate = samplingRate(errorOneIn);
  const random = createRandom(options.seed ?? 7);
  const url = `${options.otlpUrl.replace(/\/$/, '')}/v1/traces`;

  const counted = new Map<string, ServiceCalls>();
  const stats: SpanEmitterStats = {
    batches: 0,
    failedBatches: 0,
    spans: 0,
    droppedSpans: 0,
    serverCalls(service, environment) {
      const total: ServiceCalls = { spans: 0, calls: 0, errors: 0 };
      for (const cluster of environment ? [environment] : clusters) {
        const c = counted.get(`${service}\u0000${cluster}`);
        if (!c) continue;
        total.spans += c.spans;
        total.calls += c.calls;
        total.errors += c.errors;
      }
      return total;
    },
  };

  const pickRoute = (service: FleetService): ServiceRoute => {
    let acc = 0;
    const r = random();
    return (
      service.routes.find(route => (acc += route.share) > r) ??
      service.routes[service.routes.length - 1]
    );
  };
  const latency = (service: FleetService, atMs: number) =>
    traffic.latencyQuantileMs(service, 0.005 + random() * 0.99, atMs);

  const planRequests = (
    fromMs: number,
    toMs: number,
  ): Array<{ cluster: string; plan: RequestPlan }> => {
    const seconds = (toMs - fromMs) / 1000;
    const at = (fromMs + toMs) / 2;
    const plans: Array<{ cluster: string; plan: RequestPlan }> = [];
    for (const service of services) {
      const errorRatio = traffic.errorRatio(service, at);
      for (const cluster of clusters) {
        const requests =
          traffic.requestRate(service, at, scaleOf(cluster)) * seconds;
        const outcomes: Array<[number, boolean, SamplingRate]> = [
          [
            poisson((requests * (1 - errorRatio)) / successOneIn, random),
            false,
            successRate,
          ],
          [
            poisson((requests * errorRatio) / errorOneIn, random),
            true,
            errorRate,
          ],
        ];
        for (const [count, error, rate] of outcomes) {
          for (let i = 0; i < count; i++) {
            const dependency =
              service.dependencies.length > 0
                ? options.fleet.byName.get(
                    service.dependencies[
                      Math.floor(random() * service.dependencies.length)
                    ],
                  )
                : undefined;
            plans.push({
              cluster,
              plan: {
                service,
                route: pickRoute(service),
                endMs: fromMs + random() * (toMs - fromMs),
                ownLatencyMs: latency(service, at),
                error,
                rate,
                downstream: dependency && {
                  service: dependency,
                  route: pickRoute(dependency),
                  latencyMs: latency(dependency, at),
                  error: random() < traffic.errorRatio(dependency, at),
                },
              },
            });
          }
        }
      }
    }
    return plans;
  };

  let lastMs = Date.now();
  let inFlight: Promise<void> | undefined;
  let loggedFailure = false;

  const send = async (
    body: string,
    spanCount: number,
    accepted: () => void,
  ) => {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      const rejected = res.ok
        ? Number(JSON.parse(text || '{}').partialSuccess?.rejectedSpans ?? 0)
        : 0;
      if (!res.ok || rejected > 0) {
        throw new Error(
          res.ok
            ? `${rejected} spans rejected: ${text.slice(0, 200)}`
            : `HTTP ${res.status}: ${text.slice(0, 200)}`,
        );
      }
      stats.batches++;
      stats.spans += spanCount;
      accepted();
      loggedFailure = false;
    } catch (error) {
      stats.failedBatches++;
      stats.droppedSpans += spanCount;
      stats.lastError = String((error as Error)?.message ?? error);
      if (!loggedFailure) {
        loggedFailure = true;
        options.log?.(
          `Span emitter: the collector at ${url} did not take a batch (${stats.lastError}); dropping batches until it does.`,
        );
      }
    }
  };

  const flush = async (): Promise<void> => {
    const now = Date.now();
    const plans = planRequests(lastMs, now);
    lastMs = now;
    if (plans.length === 0) return;
    // Group spans per resource (service × cluster), as an SDK's batch would be.
    const byResource = new Map<
      string,
      { service: FleetService; cluster: string; spans: EmittedSpan['span'][] }
    >();
    const tally = new Map<string, ServiceCalls>();
    let spanCount = 0;
    for (const { cluster, plan } of plans) {
      for (const { service, span } of requestSpans(plan, random)) {
        const key = `${service.name}\u0000${cluster}`;
        const group = byResource.get(key) ?? { service, cluster, spans: [] };
        group.spans.push(span);
        byResource.set(key, group);
        spanCount++;
        if (span.kind === 2) {
          const t = tally.get(key) ?? { spans: 0, calls: 0, errors: 0 };
          t.spans++;
          t.calls += plan.rate.oneIn;
          if (span.status.code === 2) t.errors += plan.rate.oneIn;
          tally.set(key, t);
        }
      }
    }
    const body = JSON.stringify({
      resourceSpans: [...byResource.values()].map(group => ({
        resource: {
          attributes: resourceAttributes(group.service, group.cluster),
        },
        scopeSpans: [
          {
            scope: {
              name: '@opentelemetry/instrumentation-http',
              version: '0.203.0',
            },
            spans: group.spans,
          },
        ],
      })),
    });
    if (inFlight) {
      // The collector is slower than the emitter: drop rather than queue.
      stats.droppedSpans += spanCount;
      return;
    }
    inFlight = send(body, spanCount, () => {
      for (const [key, t] of tally) {
        const c = counted.get(key) ?? { spans: 0, calls: 0, errors: 0 };
        c.spans += t.spans;
        c.calls += t.calls;
        c.errors += t.errors;
        counted.set(key, c);
      }
    }).finally(() => {
      inFlight = undefined;
    });
    await inFlight;
  };

  let stopped = false;
  const timer = setInterval(() => {
    if (!stopped) flush().catch(() => {});
  }, intervalMs);
  timer.unref?.();

  return {
    services,
    sampling: { successOneIn, errorOneIn },
    stats,
    flush: async () => {
      await inFlight;
      await flush();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
