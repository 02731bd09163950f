import { readFileSync } from 'node:fs';
import { Pool, type PoolConfig, type QueryResult, type QueryResultRow } from 'pg';
import type { DatabaseConfig } from '../config';
import type { Logger } from '../logger';
import type { DatabaseCredentials } from './credentials';
import type { CredentialsSource } from './credentialsFile';

/** Builds a pool; tests pass their own to see what the service asks for. */
export type PoolFactory = (config: PoolConfig) => Pool;

export interface Database {
  query<Row extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<QueryResult<Row>>;
  /** A round trip to the database with the credentials in use. */
  check(): Promise<DatabaseStatus>;
  /** Ends the pool in use and stops following the credentials. */
  close(): Promise<void>;
}

export type DatabaseStatus =
  | { ok: true }
  | { ok: false; reason: 'no-credentials' | 'unreachable' | 'refused'; code?: string };

/** No usable credentials yet (the Vault agent has not rendered a valid file). */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

export interface DatabaseOptions {
  config: DatabaseConfig;
  credentials: CredentialsSource;
  logger: Logger;
  /** application_name on every connection: which service a session belongs to. */
  applicationName: string;
  createPool?: PoolFactory;
}

function sslOption(config: DatabaseConfig): PoolConfig['ssl'] {
  switch (config.sslMode) {
    case 'disable':
      return false;
    case 'require':
      // Encrypted, server not verified: only for databases without a certificate you can check.
      return { rejectUnauthorized: false };
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        ca: config.sslCaFile ? readFileSync(config.sslCaFile, 'utf8') : undefined,
      };
  }
}

/**
 * PostgreSQL through a pg Pool that follows credential rotation: when the
 * Vault agent renders new credentials, a new pool is built with them and
 * takes every new query, and the old pool is ended (its idle connections
 * close at once, busy ones when their query finishes), so nothing keeps
 * using a user that Vault is about to revoke. No restart, no failed request.
 */
export function createDatabase(options: DatabaseOptions): Database {
  const { config, credentials, logger } = options;
  const createPool = options.createPool ?? ((poolConfig) => new Pool(poolConfig));
  const ssl = sslOption(config);
  let pool: Pool | undefined;
  let closed = false;

  const endPool = (old: Pool) =>
    old.end().catch((error: Error) => {
      logger.warn('closing the previous database pool failed', { error });
    });

  const usePool = (next: DatabaseCredentials) => {
    if (closed) {
      return;
    }
    const created = createPool({
      host: config.host,
      port: config.port,
      database: config.database,
      user: next.username,
      password: next.password,
      ssl,
      max: config.poolMax,
      application_name: options.applicationName,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
    });
    // An idle connection that the server drops (failover, revoked user) emits
    // 'error' on the pool; unhandled, it would end the process.
    created.on('error', (error: Error & { code?: string }) => {
      logger.warn('idle database connection failed', { code: error.code, error });
    });
    const previous = pool;
    pool = created;
    if (previous) {
      void endPool(previous);
    }
  };

  const initial = credentials.current();
  if (initial) {
    usePool(initial);
  }
  credentials.onChange(usePool);

  const query = <Row extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]) => {
    if (!pool) {
      return Promise.reject(
        new DatabaseUnavailableError('no valid database credentials yet (see the warnings above)'),
      );
    }
    return pool.query<Row>(text, values);
  };

  return {
    query,
    async check() {
      if (!pool) {
        return { ok: false, reason: 'no-credentials' };
      }
      try {
        await query('SELECT 1');
        return { ok: true };
      } catch (error) {
        const code = (error as { code?: string }).code;
        // SQLSTATE class 28 (invalid authorization) and 3D (no such database): the server answered no.
        const refused = typeof code === 'string' && /^(28|3D)/.test(code);
        return { ok: false, reason: refused ? 'refused' : 'unreachable', code };
      }
    },
    async close() {
      closed = true;
      credentials.close();
      const last = pool;
      pool = undefined;
      if (last) {
        await endPool(last);
      }
    },
  };
}
