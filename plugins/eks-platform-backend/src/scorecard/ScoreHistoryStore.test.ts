import { JsonObject } from '@backstage/types';
import { startRealServersOrSkip } from '@internal/eks-platform-sandbox';
import {
  IN_MEMORY_SQLITE,
  pluginDatabase,
} from '../__testUtils__/pluginDatabase';
import {
  Knex,
  migrateScoreHistory,
  ScoreHistoryStore,
  utcDay,
} from './ScoreHistoryStore';

// PostgreSQL starts while jest collects this file, so its half can skip
// (saying why) on a machine where it cannot run; SQLite always runs.
const servers = startRealServersOrSkip(
  ['postgres'],
  'the scorecard history on PostgreSQL',
);
afterAll(() => servers.stop());

const DAY = 86_400_000;
const NOW = new Date('2026-11-30T18:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

/** The same behaviour on each database the plugin runs on. */
function historyBehaviour(database: () => JsonObject) {
  let knex: Knex;
  let store: ScoreHistoryStore;

  beforeAll(async () => {
    knex = await pluginDatabase(database());
    await migrateScoreHistory(knex);
    store = new ScoreHistoryStore(knex);
  }, 60_000);

  afterAll(async () => {
    if (!knex) return;
    await knex.migrate.rollback(
      {
        tableName: 'eks_platform_knex_migrations',
        directory: require('node:path').resolve(__dirname, '../../migrations'),
      },
      true,
    );
    await knex.destroy();
  });

  it('migrates idempotently and creates the history table', async () => {
    await migrateScoreHistory(knex);
    expect(await knex.schema.hasTable('eks_platform_scorecard_history')).toBe(
      true,
    );
  });

  it('keeps one row per service, environment and day: the day’s latest score', async () => {
    await store.record(
      [
        { entityRef: 'component:default/a', environment: 'prod', score: 70 },
        { entityRef: 'component:default/a', environment: 'dev', score: 90 },
      ],
      new Date('2026-11-30T08:00:00Z'),
    );
    await store.record(
      [{ entityRef: 'component:default/a', environment: 'prod', score: 82 }],
      new Date('2026-11-30T17:00:00Z'),
    );
    const history = await store.read(['component:default/a'], NOW);
    expect(history.get('component:default/a')).toEqual([
      { day: '2026-11-30', environment: 'dev', score: 90 },
      { day: '2026-11-30', environment: 'prod', score: 82 },
    ]);
  });

  it('reads the last 30 days, oldest first, only for the services asked', async () => {
    const ref = 'component:default/b';
    for (const n of [31, 29, 10, 0])
      await store.record(
        [{ entityRef: ref, environment: 'prod', score: 50 + n }],
        daysAgo(n),
      );
    await store.record(
      [
        {
          entityRef: 'component:default/other',
          environment: 'prod',
          score: 1,
        },
      ],
      NOW,
    );
    const history = await store.read([ref, 'component:default/none'], NOW);
    expect(history.get(ref)).toEqual([
      { day: utcDay(daysAgo(29)), environment: 'prod', score: 79 },
      { day: utcDay(daysAgo(10)), environment: 'prod', score: 60 },
      { day: utcDay(NOW), environment: 'prod', score: 50 },
    ]);
    expect(history.get('component:default/none')).toEqual([]);
    expect(history.has('component:default/other')).toBe(false);
  });

  it('deletes the days past retention and keeps the rest', async () => {
    const ref = 'component:default/c';
    for (const n of [401, 400, 5])
      await store.record(
        [{ entityRef: ref, environment: 'prod', score: n % 100 }],
        daysAgo(n),
      );
    const deleted = await store.deleteOlderThan(400, NOW);
    expect(deleted).toBe(1);
    const left = await knex('eks_platform_scorecard_history')
      .where({ entity_ref: ref })
      .orderBy('day');
    expect(left.map(r => r.day)).toEqual([
      utcDay(daysAgo(400)),
      utcDay(daysAgo(5)),
    ]);
  });
}

describe('scorecard history on SQLite', () => {
  historyBehaviour(() => IN_MEMORY_SQLITE);
});

(servers.available ? describe : describe.skip)(
  'scorecard history on PostgreSQL',
  () => {
    historyBehaviour(() => ({
      client: 'pg',
      connection: {
        host: '127.0.0.1',
        port: servers.postgres!.port,
        user: 'postgres',
      },
      prefix: `scorecard_${process.pid}_`,
    }));
  },
);
