import { InputError } from '@backstage/errors';
import { VAULT_DATABASE_CONNECTION } from '../validation/patterns';
import { DatabaseFacts, DatabaseSslMode } from './databases';
import { EnvironmentConfig } from './environments';

/** The chart's `database.*` values for one environment. */
export interface DatabaseValues {
  host: string;
  name: string;
  port: number;
  sslMode: DatabaseSslMode;
  /** ConfigMap of the CA bundle to mount; empty: none. */
  caBundle: string;
  poolMax: number;
  /** Egress rule on `port` to these subnets. */
  cidrs: string[];
}

/** The chart's `kafka.brokers`/`brokerCidrs` and the runtime Terraform's cluster. */
export interface KafkaValues {
  cluster: string;
  /** Empty when config does not give it. */
  clusterArn: string;
  brokers: string[];
  brokerCidrs: string[];
}

export interface EnvironmentFacts {
  database?: DatabaseValues;
  kafka?: KafkaValues;
}

export interface EnvironmentFactsQuestion {
  /** An environment name (`eksPlatform.environments[].name`). */
  environment: string;
  /** A Vault database connection, when the service asked for credentials. */
  databaseConnection?: string;
  /** `kafka` when the service uses the event bus. */
  messaging?: 'kafka' | 'none';
}

function field(value: unknown): string {
  return JSON.stringify(String(value)).slice(0, 80);
}

/**
 * What the chart and the service need of the platform in one environment:
 * the database the connection points to and the event bus, from
 * `eksPlatform.databases[]` and `eksPlatform.environments[].kafka`.
 * Inputs come from a template: anything not configured is an InputError
 * naming the key a platform team sets. Whether the owning team may use the
 * connection at all is `checkDatabaseConnection`'s question, asked first.
 */
export function resolveEnvironmentFacts(
  policy: { environments: EnvironmentConfig[]; databases: DatabaseFacts[] },
  question: EnvironmentFactsQuestion,
): EnvironmentFacts {
  const { environment, databaseConnection, messaging } = question;
  const env = policy.environments.find(e => e.name === environment);
  if (!env) {
    throw new InputError(
      `Invalid input "environment": ${field(
        environment,
      )} is not a platform environment; use ${
        policy.environments.map(e => `"${e.name}"`).join(', ') ||
        'one configured under eksPlatform.environments'
      }.`,
    );
  }
  const facts: EnvironmentFacts = {};
  if (databaseConnection !== undefined && databaseConnection !== '') {
    if (
      typeof databaseConnection !== 'string' ||
      !VAULT_DATABASE_CONNECTION.test(databaseConnection)
    ) {
      throw new InputError(
        `Invalid input "databaseConnection": ${field(
          databaseConnection,
        )} is not a Vault database connection name (letters, digits, ".", "_" and "-").`,
      );
    }
    const entry = policy.databases.find(
      d => d.connection === databaseConnection,
    );
    if (!entry) {
      throw new InputError(
        `Invalid input "databaseConnection": the platform knows no database behind Vault connection "${databaseConnection}"; a platform team adds it under eksPlatform.databases[] (connection: ${databaseConnection}).`,
      );
    }
    const db = Object.hasOwn(entry.environments, environment)
      ? entry.environments[environment]
      : undefined;
    if (!db) {
      throw new InputError(
        `Invalid input "databaseConnection": Vault connection "${databaseConnection}" has no database in environment "${environment}"; a platform team sets eksPlatform.databases[connection=${databaseConnection}].environments.${environment} (host, name, cidrs, caBundle).`,
      );
    }
    facts.database = {
      host: db.host,
      name: db.name,
      port: db.port,
      sslMode: db.sslMode,
      caBundle: db.caBundle ?? '',
      poolMax: db.poolMax,
      cidrs: [...db.cidrs],
    };
  }
  if (messaging !== undefined && messaging !== 'none') {
    if (messaging !== 'kafka') {
      throw new InputError(
        `Invalid input "messaging": ${field(
          messaging,
        )} is not offered; use "kafka" or "none".`,
      );
    }
    if (!env.kafka) {
      throw new InputError(
        `Invalid input "messaging": environment "${environment}" has no event bus; a platform team sets eksPlatform.environments[name=${environment}].kafka (clusterName, bootstrapBrokers, brokerCidrs), or choose no messaging.`,
      );
    }
    facts.kafka = {
      cluster: env.kafka.clusterName,
      clusterArn: env.kafka.clusterArn ?? '',
      brokers: [...env.kafka.bootstrapBrokers],
      brokerCidrs: [...env.kafka.brokerCidrs],
    };
  }
  return facts;
}
