/**
 * Runtime configuration, read once from the environment. The Helm chart sets
 * every variable; the defaults only serve local runs and tests.
 */
export interface ServiceConfig {
  serviceName: string;
  port: number;
  /** OTLP/HTTP traces endpoint; tracing is off when unset. */
  otlpTracesEndpoint?: string;
  /** How long to keep serving after SIGTERM so load balancers stop routing first. */
  shutdownDrainMs: number;
  /** Upper bound for in-flight requests to finish once draining is over. */
  shutdownTimeoutMs: number;
  logLevel: LogLevel;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

function readInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return {
    serviceName: env.OTEL_SERVICE_NAME ?? env.SERVICE_NAME ?? 'service',
    port: readInteger(env, 'PORT', 8080, 1, 65535),
    otlpTracesEndpoint: endpoint ? toTracesUrl(endpoint, env) : undefined,
    shutdownDrainMs: readInteger(env, 'SHUTDOWN_DRAIN_MS', 5000, 0, 120000),
    shutdownTimeoutMs: readInteger(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 120000),
    logLevel,
  };
}

/**
 * OTEL_EXPORTER_OTLP_ENDPOINT is a base URL per the OpenTelemetry spec; the
 * traces-specific variable is already the full URL.
 */
function toTracesUrl(endpoint: string, env: NodeJS.ProcessEnv): string {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    return endpoint;
  }
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}
