import { Config } from '@backstage/config';
import { requireEgressCidrs } from '../validation/cidrs';
import {
  DNS_LABEL,
  HOST_WITH_PORT,
  VAULT_DATABASE_CONNECTION,
} from '../validation/patterns';
import { internalHostReason } from '../validation/upstreamUrls';
import { configAddressPolicy } from './environmentKafka';

/** How the service's PostgreSQL client verifies the server (DATABASE_SSL_MODE). */
export type DatabaseSslMode = 'verify-full' | 'require' | 'disable';
const SSL_MODES: DatabaseSslMode[] = ['verify-full', 'require', 'disable'];

/** Where a database connection points in one environment. */
export interface DatabaseEnvironmentFacts {
  /** Server host name (an RDS endpoint), no scheme or port. */
  host: string;
  /** Database name (DATABASE_NAME). */
  name: string;
  /** Default 5432. */
  port: number;
  /** Default verify-full. */
  sslMode: DatabaseSslMode;
  /**
   * Name of the CA bundle ConfigMap the platform provides in every team
   * namespace (e.g. `rds-global`); the chart mounts it read-only. Required
   * with verify-full: RDS certificates are not in Node's default trust store.
   */
  caBundle?: string;
  /** Largest connection pool per pod (DATABASE_POOL_MAX); default 10. */
  poolMax: number;
  /** Subnets of the database: the pods' egress rule allows exactly these. */
  cidrs: string[];
}

/**
 * One connection of Vault's database secrets engine (the name a team's
 * `vaultDatabaseConnections` lists) and where it points, per environment.
 */
export interface DatabaseFacts {
  connection: string;
  /** By environment name (`eksPlatform.environments[].name`). */
  environments: Record<string, DatabaseEnvironmentFacts>;
}

const KEY = 'eksPlatform.databases';
/** A PostgreSQL identifier as the golden path names databases. */
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;

function readFacts(
  facts: Config,
  where: string,
  context: { allowLoopback: boolean; production: boolean },
): DatabaseEnvironmentFacts {
  const host = facts.getString('host');
  if (!HOST_WITH_PORT.test(host) || host.includes(':')) {
    throw new Error(
      `${where}.host must be a host name such as "orders.abc123.eu-west-1.rds.amazonaws.com" (no scheme, no port: set port), got "${host}"`,
    );
  }
  const why = internalHostReason(host, context);
  if (why) {
    throw new Error(
      `${where}.host "${host}" ${why}; use the database's endpoint`,
    );
  }
  const name = facts.getString('name');
  if (!DATABASE_NAME.test(name)) {
    throw new Error(
      `${where}.name must be a database name (letters, digits, "_" and "-", at most 63), got "${name}"`,
    );
  }
  const port = facts.getOptionalNumber('port') ?? 5432;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${where}.port must be a port (1-65535), got ${port}`);
  }
  const sslMode = (facts.getOptionalString('sslMode') ??
    'verify-full') as DatabaseSslMode;
  if (!SSL_MODES.includes(sslMode)) {
    throw new Error(
      `${where}.sslMode must be one of ${SSL_MODES.join(
        ', ',
      )}, got "${sslMode}"`,
    );
  }
  if (sslMode === 'disable' && context.production) {
    throw new Error(
      `${where}.sslMode "disable" sends credentials in clear text; it is refused when auth.environment is production (use verify-full with caBundle)`,
    );
  }
  const caBundle = facts.getOptionalString('caBundle');
  if (
    caBundle !== undefined &&
    !(caBundle.length <= 63 && DNS_LABEL.test(caBundle))
  ) {
    throw new Error(
      `${where}.caBundle must be the name of a ConfigMap (a DNS label such as "rds-global"), got "${caBundle}"`,
    );
  }
  if (sslMode === 'verify-full' && caBundle === undefined) {
    throw new Error(
      `${where}.caBundle is required with sslMode verify-full: name the CA bundle ConfigMap the platform provides (e.g. "rds-global"), since RDS certificates are not in Node's default trust store`,
    );
  }
  const poolMax = facts.getOptionalNumber('poolMax') ?? 10;
  if (!Number.isInteger(poolMax) || poolMax < 1 || poolMax > 100) {
    throw new Error(`${where}.poolMax must be 1 to 100, got ${poolMax}`);
  }
  const cidrs = facts.getStringArray('cidrs');
  if (cidrs.length === 0) {
    throw new Error(
      `${where}.cidrs must list the database's subnets (the pods' egress rule allows exactly these)`,
    );
  }
  return {
    host,
    name,
    port,
    sslMode,
    caBundle,
    poolMax,
    cidrs: requireEgressCidrs(cidrs, `${where}.cidrs`),
  };
}

/**
 * Reads `eksPlatform.databases[]`: one entry per Vault database connection,
 * with its facts for the environments it serves. Environment names must be
 * those of `environments` (pass the ones already read).
 */
export function readDatabases(
  config: Config,
  environmentNames: string[],
): DatabaseFacts[] {
  const context = {
    ...configAddressPolicy(config),
    production: config.getOptionalString('auth.environment') === 'production',
  };
  const seen = new Set<string>();
  return (config.getOptionalConfigArray(KEY) ?? []).map((entry, i) => {
    const where = `${KEY}[${i}]`;
    const connection = entry.getString('connection');
    if (!VAULT_DATABASE_CONNECTION.test(connection)) {
      throw new Error(
        `${where}.connection must be a Vault database connection name, got "${connection}"`,
      );
    }
    if (seen.has(connection)) {
      throw new Error(`${where}.connection "${connection}" is listed twice`);
    }
    seen.add(connection);
    const perEnvironment = entry.getConfig('environments');
    const environments: Record<string, DatabaseEnvironmentFacts> = {};
    for (const env of perEnvironment.keys()) {
      if (!environmentNames.includes(env)) {
        throw new Error(
          `${where}.environments.${env} is not an environment of eksPlatform.environments; use ${
            environmentNames.map(n => `"${n}"`).join(', ') ||
            'a configured environment'
          }`,
        );
      }
      environments[env] = readFacts(
        perEnvironment.getConfig(env),
        `${where}.environments.${env}`,
        context,
      );
    }
    return { connection, environments };
  });
}
