import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ScoreHistoryPoint } from '@internal/backstage-plugin-eks-platform-common';

/** The database client the plugin gets (knex), without a direct knex dependency. */
export type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const TABLE = 'eks_platform_scorecard_history';
const MIGRATIONS_TABLE = 'eks_platform_knex_migrations';
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a time, UTC. */
export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** Brings the scorecard tables up to date (run once at start-up). */
export async function migrateScoreHistory(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@internal/backstage-plugin-eks-platform-backend',
      'migrations',
    ),
    tableName: MIGRATIONS_TABLE,
  });
}

/**
 * The scores of past days in the backend's database (SQLite in the
 * sandbox, PostgreSQL in production): one row per service, environment and
 * UTC day, holding that day's latest score.
 */
export class ScoreHistoryStore {
  constructor(private readonly knex: Knex) {}

  /** Writes today's scores, replacing what today already held. */
  async record(
    rows: Array<{ entityRef: string; environment: string; score: number }>,
    at: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    const day = utcDay(at);
    // SQLite caps the bound variables of one statement: write in chunks.
    for (let i = 0; i < rows.length; i += 100) {
      await this.knex(TABLE)
        .insert(
          rows.slice(i, i + 100).map(r => ({
            entity_ref: r.entityRef,
            environment: r.environment,
            day,
            score: Math.round(r.score),
            updated_at: at,
          })),
        )
        .onConflict(['entity_ref', 'environment', 'day'])
        .merge(['score', 'updated_at']);
    }
  }

  /** The last `days` days (today included) of each service, oldest first. */
  async read(
    entityRefs: string[],
    now: Date,
    days = 30,
  ): Promise<Map<string, ScoreHistoryPoint[]>> {
    const result = new Map<string, ScoreHistoryPoint[]>(
      entityRefs.map(ref => [ref, []]),
    );
    const since = utcDay(new Date(now.getTime() - (days - 1) * DAY_MS));
    for (let i = 0; i < entityRefs.length; i += 500) {
      const rows: Array<{
        entity_ref: string;
        environment: string;
        day: string;
        score: number;
      }> = await this.knex(TABLE)
        .select('entity_ref', 'environment', 'day', 'score')
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .andWhere('day', '>=', since)
        .orderBy([
          { column: 'day', order: 'asc' },
          { column: 'environment', order: 'asc' },
        ]);
      for (const row of rows) {
        result.get(row.entity_ref)?.push({
          day: row.day,
          environment: row.environment,
          score: Number(row.score),
        });
      }
    }
    return result;
  }

  /** Deletes the days older than `retentionDays`; returns how many rows went. */
  async deleteOlderThan(retentionDays: number, now: Date): Promise<number> {
    const cutoff = utcDay(new Date(now.getTime() - retentionDays * DAY_MS));
    return this.knex(TABLE).where('day', '<', cutoff).delete();
  }
}
