import { hashString, unitHash } from './random';
import { ServiceParams, ServiceRoute } from './types';

/**
 * Derives a service's behaviour from a hash of its name: the same name gives
 * the same replicas, traffic and latency on every machine and every run.
 */
export function deriveServiceParams(name: string): ServiceParams {
  const pick = (key: string) => unitHash(name, key);
  const replicas = 3 + Math.floor(pick('replicas') * 3); // 3..5
  // The golden path's prod minimum is 3 (the scorecard's hpa-min-replicas).
  const hpaMinReplicas = Math.max(3, replicas - 1);
  const hpaMaxReplicas = replicas + 2 + Math.floor(pick('hpaMax') * 3); // +2..+4
  const baseRps = Math.round(20 + pick('rps') * 180); // 20..200
  return {
    replicas,
    hpaMinReplicas,
    hpaMaxReplicas,
    baseRps,
    // 0.01 %..0.06 %: within the chart's default 99.9 % availability budget
    // even at peak load (×1.23), so healthy services raise no burn-rate alert.
    errorRatio:
      Math.round((0.0001 + pick('errors') * 0.0005) * 100000) / 100000,
    // Median 20..120 ms: under 0.5 % of requests slower than the chart's
    // default 0.5 s threshold even at peak, within the 99 % latency budget.
    latencyMs: Math.round(20 + pick('latency') * 100),
    cpuTargetUtilization: 70,
    memoryTargetUtilization: 80,
    // Sized so that the peak of the load curve needs more than hpaMaxReplicas
    // (ScalingLimited) and the trough fewer than hpaMinReplicas.
    rpsPerReplicaAtFullCpu: Math.max(
      10,
      Math.round((baseRps / replicas) * 1.1),
    ),
    loadPhase: pick('phase'),
    version: `1.${hashString(name) % 20}.${Math.floor(pick('patch') * 10)}`,
  };
}

const ROUTE_SHAPES: Array<{
  method: string;
  path: (r: string) => string;
  share: number;
}> = [
  { method: 'GET', path: r => `/api/${r}`, share: 0.5 },
  { method: 'GET', path: r => `/api/${r}/{id}`, share: 0.3 },
  { method: 'POST', path: r => `/api/${r}`, share: 0.2 },
];

/** Routes of a service: a list, a detail and a create endpoint on its resource. */
export function deriveRoutes(name: string): ServiceRoute[] {
  // `payments-service` serves `/api/payments`.
  const resource = name.replace(/-(service|svc|api)$/, '') || name;
  return ROUTE_SHAPES.map(shape => ({
    method: shape.method,
    route: shape.path(resource),
    share: shape.share,
  }));
}
