import { DatabaseManager } from '@backstage/backend-defaults/database';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { Knex } from '../scorecard/ScoreHistoryStore';

/** An in-memory SQLite database, as the sandbox's backend has. */
export const IN_MEMORY_SQLITE: JsonObject = {
  client: 'better-sqlite3',
  connection: ':memory:',
};

/** The plugin's database client for `backend.database` (migrations not run). */
export function pluginDatabase(
  database: JsonObject = IN_MEMORY_SQLITE,
): Promise<Knex> {
  return DatabaseManager.fromConfig(new ConfigReader({ backend: { database } }))
    .forPlugin('eks-platform', {
      logger: mockServices.logger.mock(),
      lifecycle: mockServices.lifecycle.mock(),
    })
    .getClient();
}
