import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Pool, type PoolConfig } from 'pg';
import type { DatabaseConfig } from '../config';
import { createLogger } from '../logger';
import { watchCredentialsFile } from './credentialsFile';
import { createDatabase } from './database';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Like the Vault agent: write a temporary file, rename it over the old one. */
function renderAtomically(file: string, credentials: object): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(credentials));
  renameSync(`${file}.tmp`, file);
}

async function eventually(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The real pg Pool, built by a factory that records what the service asked
 * for. The pools never connect: these tests are about which credentials
 * new connections would use.
 */
function recordingPools() {
  const created: Array<{ config: PoolConfig; pool: Pool; ended: boolean }> = [];
  const createPool = (config: PoolConfig) => {
    const pool = new Pool(config);
    const entry = { config, pool, ended: false };
    const end = pool.end.bind(pool);
    pool.end = (() => {
      entry.ended = true;
      return end();
    }) as Pool['end'];
    created.push(entry);
    return pool;
  };
  return { created, createPool };
}

/** A service's database as main.ts builds it; `firstRender: false` starts before the agent rendered anything. */
async function setUp(mode: 'watch' | 'poll', firstRender = true) {
  const dir = mkdtempSync(join(tmpdir(), 'vault-secrets-'));
  dirs.push(dir);
  const file = join(dir, 'database.json');
  const lines: string[] = [];
  const logger = createLogger('orders', 'debug', (line) => lines.push(line));
  const config: DatabaseConfig = {
    credentialsFile: file,
    host: '127.0.0.1',
    port: 5432,
    database: 'orders',
    sslMode: 'disable',
    poolMax: 4,
    credentialsPollMs: 100,
  };
  const pools = recordingPools();
  if (firstRender) {
    renderAtomically(file, {
      username: 'v-orders-a',
      password: 'secret-a-1111',
      ttl: 3600,
      issuedAt: new Date().toISOString(),
    });
  }
  const credentials = await watchCredentialsFile({ file, logger, pollMs: 100, mode });
  const database = createDatabase({
    config,
    credentials,
    logger,
    applicationName: 'orders',
    createPool: pools.createPool,
  });
  return { file, lines, pools, credentials, database };
}

for (const mode of ['watch', 'poll'] as const) {
  test(`a rotated credential is used for new connections without a restart (${mode})`, async () => {
    const { file, lines, pools, database } = await setUp(mode);
    try {
      assert.equal(pools.created.length, 1);
      assert.equal(pools.created[0]?.config.user, 'v-orders-a');
      assert.equal(pools.created[0]?.config.password, 'secret-a-1111');
      assert.equal(pools.created[0]?.config.application_name, 'orders');

      renderAtomically(file, {
        username: 'v-orders-b',
        password: 'secret-b-2222',
        ttl: 3600,
        issuedAt: new Date().toISOString(),
      });
      await eventually('the new credentials are picked up', () => pools.created.length === 2);
      assert.equal(pools.created[1]?.config.user, 'v-orders-b');
      assert.equal(pools.created[1]?.config.password, 'secret-b-2222');
      assert.equal(pools.created[0]?.ended, true, 'the pool of the old user is ended');
      assert.equal(pools.created[1]?.ended, false);

      // The same content rendered again (a lease renewal re-render) changes nothing.
      renderAtomically(file, {
        username: 'v-orders-b',
        password: 'secret-b-2222',
        ttl: 3600,
        issuedAt: new Date().toISOString(),
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(pools.created.length, 2);
      assert.ok(lines.some((line) => JSON.parse(line).message === 'database credentials rotated'));
    } finally {
      await database.close();
    }
    assert.equal(pools.created[1]?.ended, true, 'close() ends the pool in use');
  });
}

test('a half-written or invalid file keeps the credentials in use and warns without the secret', async () => {
  const { file, lines, pools, credentials, database } = await setUp('watch');
  try {
    const next = JSON.stringify({ username: 'v-orders-c', password: 'secret-c-3333' });
    // Not atomic: a writer that was interrupted half way.
    const half = next.slice(0, next.indexOf('secret-c') + 6);
    writeFileSync(file, half);
    await credentials.reload();
    writeFileSync(file, JSON.stringify({ username: 'v-orders-c' }));
    await credentials.reload();
    rmSync(file);
    await credentials.reload();
    await new Promise((resolve) => setTimeout(resolve, 300));

    assert.equal(pools.created.length, 1, 'no pool was built from a bad file');
    assert.equal(credentials.current()?.username, 'v-orders-a');
    const warnings = lines
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.level === 'warn');
    assert.deepEqual(
      warnings.map((w) => w.message),
      [
        `database credentials file refused: file is not complete JSON (${half.length} bytes); keeping the credentials in use`,
        'database credentials file refused: "password" must be a non-empty string; keeping the credentials in use',
        'database credentials file unreadable (ENOENT); keeping the credentials in use',
      ],
    );
    assert.ok(warnings.every((w) => w.file === file));

    // The agent renders a valid file again: rotation resumes.
    renderAtomically(file, { username: 'v-orders-d', password: 'secret-d-4444' });
    await eventually('the valid file is picked up', () => pools.created.length === 2);
    assert.equal(pools.created[1]?.config.user, 'v-orders-d');
  } finally {
    await database.close();
  }
  const everything = lines.join('');
  for (const secret of ['secret-a-1111', 'secret-c', 'secret-d-4444']) {
    assert.ok(!everything.includes(secret), `${secret} never reaches the logs`);
  }
});

test('queries before any valid credentials fail with a clear error, and the first valid file is used', async () => {
  const { file, lines, pools, database } = await setUp('watch', false);
  try {
    await assert.rejects(database.query('SELECT 1'), /no valid database credentials yet/);
    assert.deepEqual(await database.check(), { ok: false, reason: 'no-credentials' });
    assert.match(lines.join(''), /no database connections until the Vault agent renders it/);
    renderAtomically(file, { username: 'v-orders-e', password: 'secret-e-5555' });
    await eventually('the first file is picked up', () => pools.created.length === 1);
    assert.equal(pools.created[0]?.config.user, 'v-orders-e');
  } finally {
    await database.close();
  }
});

test('credentials past their expiry are reported once, and a renewal moves the expiry without a new pool', async () => {
  const { file, lines, pools, credentials, database } = await setUp('watch');
  try {
    const issuedAt = new Date(Date.now() - 120_000).toISOString();
    renderAtomically(file, {
      username: 'v-orders-a',
      password: 'secret-a-1111',
      ttl: 60,
      issuedAt,
    });
    await credentials.reload();
    await credentials.reload();
    const expired = lines
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.level === 'warn' && /expired at/.test(entry.message));
    assert.equal(expired.length, 1, 'one warning while the file stays the same');
    assert.match(expired[0].message, /and the Vault agent rendered none newer/);

    // The agent renews the lease: same user, later expiry.
    const renewedAt = new Date().toISOString();
    renderAtomically(file, {
      username: 'v-orders-a',
      password: 'secret-a-1111',
      ttl: 3600,
      issuedAt: renewedAt,
    });
    await credentials.reload();
    assert.equal(pools.created.length, 1, 'a renewal builds no new pool');
    assert.equal(
      credentials.current()?.expiresAt?.getTime(),
      new Date(renewedAt).getTime() + 3600_000,
    );
  } finally {
    await database.close();
  }
});
