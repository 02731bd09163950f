/**
 * Runtime configuration, read once from the environment. The Helm chart sets
 * every variable; the defaults only serve local runs and tests. A bad value
 * stops the service at start with the variable's name, never later.
 */
export interface ServiceConfig {
  serviceName: string;
  port: number;
  /** A separate port for /metrics (the chart's metricsPort); unset: /metrics on `port`. */
  metricsPort?: number;
  /** OTLP/HTTP traces endpoint; spans are not exported when unset. */
  otlpTracesEndpoint?: string;
  /** How long to keep serving after SIGTERM so load balancers stop routing first. */
  shutdownDrainMs: number;
  /** Upper bound for in-flight requests to finish once draining is over. */
  shutdownTimeoutMs: number;
  logLevel: LogLevel;
  /** Present when DATABASE_CREDENTIALS_FILE is set (Vault dynamic credentials). */
  database?: DatabaseConfig;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export type DatabaseSslMode = 'verify-full' | 'require' | 'disable';
const SSL_MODES: readonly DatabaseSslMode[] = ['verify-full', 'require', 'disable'];

export interface DatabaseConfig {
  /** The JSON file the Vault agent renders and re-renders on rotation. */
  credentialsFile: string;
  host: string;
  port: number;
  database: string;
  /** verify-full checks the server certificate and host name (RDS, Aurora). */
  sslMode: DatabaseSslMode;
  /** CA bundle for verify-full, e.g. the RDS global bundle mounted by the chart. */
  sslCaFile?: string;
  poolMax: number;
  /** How often the credentials file is re-read when file events are unavailable. */
  credentialsPollMs: number;
}

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

function readEnum<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (!allowed.includes(raw as T)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function requireString(env: NodeJS.ProcessEnv, name: string, because: string): string {
  const value = env[name];
  if (!value) {
    throw new Error(`${name} is required ${because}`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  checkResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES);
  const port = readInteger(env, 'PORT', 8080, 1, 65535);
  const metricsPort = env.METRICS_PORT ? readInteger(env, 'METRICS_PORT', 0, 1, 65535) : undefined;
  if (metricsPort === port) {
    throw new Error(`METRICS_PORT must differ from PORT (${port})`);
  }
  return {
    serviceName: env.OTEL_SERVICE_NAME ?? env.SERVICE_NAME ?? 'service',
    port,
    metricsPort,
    otlpTracesEndpoint: endpoint ? toTracesUrl(endpoint, env) : undefined,
    shutdownDrainMs: readInteger(env, 'SHUTDOWN_DRAIN_MS', 5000, 0, 120000),
    shutdownTimeoutMs: readInteger(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 120000),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    database: loadDatabaseConfig(env),
  };
}

function loadDatabaseConfig(env: NodeJS.ProcessEnv): DatabaseConfig | undefined {
  const credentialsFile = env.DATABASE_CREDENTIALS_FILE;
  if (!credentialsFile) {
    return undefined;
  }
  const because = 'when DATABASE_CREDENTIALS_FILE is set';
  const sslMode = readEnum(env, 'DATABASE_SSL_MODE', SSL_MODES, 'verify-full');
  return {
    credentialsFile,
    host: requireString(env, 'DATABASE_HOST', because),
    port: readInteger(env, 'DATABASE_PORT', 5432, 1, 65535),
    database: requireString(env, 'DATABASE_NAME', because),
    sslMode,
    sslCaFile: env.DATABASE_SSL_CA_FILE || undefined,
    poolMax: readInteger(env, 'DATABASE_POOL_MAX', 10, 1, 100),
    credentialsPollMs: readInteger(env, 'DATABASE_CREDENTIALS_POLL_MS', 5000, 100, 600000),
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

/**
 * The SDK's environment detector drops the whole of OTEL_RESOURCE_ATTRIBUTES
 * silently when one pair is malformed (as the spec says), which would strip
 * deployment.environment from every span and metric without a word. Refuse it
 * at start instead, naming what is wrong.
 */
function checkResourceAttributes(raw: string | undefined): void {
  if (!raw) {
    return;
  }
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') {
      continue;
    }
    const parts = pair.split('=');
    const key = parts[0]?.trim() ?? '';
    if (parts.length !== 2 || key === '') {
      throw new Error(
        `OTEL_RESOURCE_ATTRIBUTES must be key=value pairs separated by commas (percent-encode , and = in values), got "${pair}"`,
      );
    }
    try {
      decodeURIComponent(parts[1] ?? '');
    } catch {
      throw new Error(`OTEL_RESOURCE_ATTRIBUTES has a bad percent-encoding in "${key}"`);
    }
  }
}
