import { JsonObject } from '@backstage/types';
import { startRealServersOrSkip } from '@internal/eks-platform-sandbox';
import {
  IN_MEMORY_SQLITE,
  pluginDatabase,
} from '../__testUtils__/pluginDatabase';
import path from 'node:path';
import { Knex, migrateScoreHistory } from '../scorecard/ScoreHistoryStore';
import { UpgradePullRequestStore } from './UpgradePullRequestStore';

// PostgreSQL starts while jest collects this file, so its half can skip
// (saying why) on a machine where it cannot run; SQLite always runs.
const servers = startRealServersOrSkip(
  ['postgres'],
  'the upgrade pull-request records on PostgreSQL',
);
afterAll(() => servers.stop());

const TABLE = 'eks_platform_template_upgrade_pull_requests';
const ORDERS = 'component:default/orders';
const T0 = new Date('2026-11-30T10:00:00.000Z');
const T1 = new Date('2026-11-30T10:10:00.000Z');
const pull = (number: number, state: 'open' | 'merged' | 'closed') => ({
  url: `https://github.example/acme/orders/pull/${number}`,
  number,
  state,
});

/** The same behaviour on each database the plugin runs on. */
function recordsBehaviour(database: () => JsonObject) {
  let knex: Knex;
  let store: UpgradePullRequestStore;

  beforeAll(async () => {
    knex = await pluginDatabase(database());
    await migrateScoreHistory(knex);
    store = new UpgradePullRequestStore(knex);
  }, 60_000);

  afterAll(async () => {
    if (!knex) return;
    await knex.migrate.rollback(
      {
        tableName: 'eks_platform_knex_migrations',
        directory: path.resolve(__dirname, '../../migrations'),
      },
      true,
    );
    expect(await knex.schema.hasTable(TABLE)).toBe(false);
    await knex.destroy();
  });

  it('migrates idempotently and creates the table', async () => {
    await migrateScoreHistory(knex);
    expect(await knex.schema.hasTable(TABLE)).toBe(true);
  });

  it('keeps one row per service and target version: the last state GitHub confirmed', async () => {
    await store.recordChecked(
      {
        entityRef: ORDERS,
        targetVersion: '1.1.0',
        pullRequest: pull(12, 'open'),
        conflicts: 2,
      },
      T0,
    );
    // The refresh cannot tell conflicts: the portal's count stays.
    await store.recordChecked(
      {
        entityRef: ORDERS,
        targetVersion: '1.1.0',
        pullRequest: pull(12, 'merged'),
      },
      T1,
    );
    const records = await store.read([ORDERS]);
    expect(records.get(ORDERS)).toEqual([
      {
        entityRef: ORDERS,
        targetVersion: '1.1.0',
        ...pull(12, 'merged'),
        conflicts: 2,
        checkedAt: T1,
      },
    ]);
  });

  it('records "none", and a failed refresh keeps the last state with when it failed', async () => {
    const ref = 'component:default/ledger';
    await store.recordChecked({ entityRef: ref, targetVersion: '1.1.0' }, T0);
    await store.recordFailure(ref, '1.1.0', T1);
    expect((await store.read([ref])).get(ref)).toEqual([
      {
        entityRef: ref,
        targetVersion: '1.1.0',
        state: 'none',
        checkedAt: T0,
        failedAt: T1,
      },
    ]);
    // The next good check clears the failure.
    await store.recordChecked(
      { entityRef: ref, targetVersion: '1.1.0', pullRequest: pull(3, 'open') },
      T1,
    );
    const [after] = (await store.read([ref])).get(ref)!;
    expect(after.failedAt).toBeUndefined();
    expect(after.state).toBe('open');
    expect(after.conflicts).toBeUndefined();
  });

  it('answers the newest target version per service, only for the services asked', async () => {
    const ref = 'component:default/cart';
    for (const version of ['1.2.0', '1.10.0', '1.9.0'])
      await store.recordChecked({ entityRef: ref, targetVersion: version }, T0);
    const newest = await store.newest([ref, 'component:default/unknown']);
    expect(newest.get(ref)?.targetVersion).toBe('1.10.0');
    expect(newest.has('component:default/unknown')).toBe(false);
    expect(newest.has(ORDERS)).toBe(false);
  });

  it('reads a fleet of 1,200 services in bounded statements', async () => {
    const refs = Array.from(
      { length: 1200 },
      (_, i) => `component:default/svc-${i}`,
    );
    await knex.batchInsert(
      TABLE,
      refs.map(ref => ({
        entity_ref: ref,
        target_version: '1.1.0',
        state: 'none',
        checked_at: T0,
      })),
      100,
    );
    const newest = await store.newest(refs);
    expect(newest.size).toBe(1200);
  });
}

describe('upgrade pull-request records on SQLite', () => {
  recordsBehaviour(() => IN_MEMORY_SQLITE);
});

(servers.available ? describe : describe.skip)(
  'upgrade pull-request records on PostgreSQL',
  () => {
    recordsBehaviour(() => ({
      client: 'pg',
      connection: {
        host: '127.0.0.1',
        port: servers.postgres!.port,
        user: 'postgres',
      },
      prefix: `upgrade_pulls_${process.pid}_`,
    }));
  },
);
