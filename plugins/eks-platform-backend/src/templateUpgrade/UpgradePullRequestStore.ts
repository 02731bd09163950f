import {
  FLEET_UPGRADE_PULL_REQUEST_STATES,
  FleetUpgradePullRequestState,
  templateVersionOrder,
} from '@internal/backstage-plugin-eks-platform-common';
import { Knex } from '../scorecard/ScoreHistoryStore';

const TABLE = 'eks_platform_template_upgrade_pull_requests';

/** One service's upgrade pull request for one target version, as recorded. */
export interface UpgradePullRequestRecord {
  entityRef: string;
  targetVersion: string;
  state: FleetUpgradePullRequestState;
  url?: string;
  number?: number;
  conflicts?: number;
  checkedAt: Date;
  /** A refresh failed after `checkedAt`: the state may be out of date. */
  failedAt?: Date;
}

interface Row {
  entity_ref: string;
  target_version: string;
  state: string;
  number: number | null;
  url: string | null;
  conflicts: number | null;
  checked_at: Date | string | number;
  failed_at: Date | string | number | null;
}

const STATES = FLEET_UPGRADE_PULL_REQUEST_STATES;

// SQLite hands timestamps back as epoch milliseconds, PostgreSQL as Dates.
const toDate = (value: Date | string | number) =>
  value instanceof Date ? value : new Date(value);

function fromRow(row: Row): UpgradePullRequestRecord {
  const state = STATES.includes(row.state as FleetUpgradePullRequestState)
    ? (row.state as FleetUpgradePullRequestState)
    : 'none';
  return {
    entityRef: row.entity_ref,
    targetVersion: row.target_version,
    state,
    ...(row.url && row.number !== null
      ? { url: row.url, number: Number(row.number) }
      : {}),
    ...(row.conflicts !== null ? { conflicts: Number(row.conflicts) } : {}),
    checkedAt: toDate(row.checked_at),
    ...(row.failed_at !== null ? { failedAt: toDate(row.failed_at) } : {}),
  };
}

/**
 * The upgrade pull requests the portal opened or the refresh found, in the
 * backend's database (SQLite in the sandbox, PostgreSQL in production;
 * migrated with the scorecard history, same migrations folder).
 */
export class UpgradePullRequestStore {
  constructor(private readonly knex: Knex) {}

  /**
   * What GitHub said at `at`: a pull request, or none. Clears an earlier
   * failure; keeps the conflicts the portal recorded for the same pull
   * request unless new ones are given.
   */
  async recordChecked(
    entry: {
      entityRef: string;
      targetVersion: string;
      pullRequest?: {
        url: string;
        number: number;
        state: 'open' | 'merged' | 'closed';
      };
      conflicts?: number;
    },
    at: Date,
  ): Promise<void> {
    const pr = entry.pullRequest;
    const [existing] = await this.knex<Row>(TABLE)
      .select('number', 'conflicts')
      .where({
        entity_ref: entry.entityRef,
        target_version: entry.targetVersion,
      });
    const conflicts =
      entry.conflicts ??
      (pr && existing && Number(existing.number) === pr.number
        ? existing.conflicts
        : null);
    await this.knex(TABLE)
      .insert({
        entity_ref: entry.entityRef,
        target_version: entry.targetVersion,
        state: pr?.state ?? 'none',
        number: pr?.number ?? null,
        url: pr?.url ?? null,
        conflicts: pr ? conflicts : null,
        checked_at: at,
        failed_at: null,
      })
      .onConflict(['entity_ref', 'target_version'])
      .merge([
        'state',
        'number',
        'url',
        'conflicts',
        'checked_at',
        'failed_at',
      ]);
  }

  /** A refresh that failed: the last known state stays, marked as failed since. */
  async recordFailure(
    entityRef: string,
    targetVersion: string,
    at: Date,
  ): Promise<void> {
    await this.knex(TABLE)
      .where({ entity_ref: entityRef, target_version: targetVersion })
      .update({ failed_at: at });
  }

  /** Every record of the services, by entity ref (bounded statements for SQLite). */
  async read(
    entityRefs: string[],
  ): Promise<Map<string, UpgradePullRequestRecord[]>> {
    const result = new Map<string, UpgradePullRequestRecord[]>();
    for (let i = 0; i < entityRefs.length; i += 500) {
      const rows: Row[] = await this.knex<Row>(TABLE)
        .select('*')
        .whereIn('entity_ref', entityRefs.slice(i, i + 500));
      for (const row of rows) {
        const record = fromRow(row);
        const list = result.get(record.entityRef) ?? [];
        list.push(record);
        result.set(record.entityRef, list);
      }
    }
    return result;
  }

  /** Each service's record for its newest target version. */
  async newest(
    entityRefs: string[],
  ): Promise<Map<string, UpgradePullRequestRecord>> {
    const all = await this.read(entityRefs);
    return new Map(
      [...all].map(([ref, records]) => [
        ref,
        records.reduce((a, b) =>
          templateVersionOrder(b.targetVersion, a.targetVersion) > 0 ? b : a,
        ),
      ]),
    );
  }
}
