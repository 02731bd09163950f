import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Client } from 'pg';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { createHttpServer } from '../server';
import { startTracing } from '../telemetry/tracing';
import { watchCredentialsFile } from './credentialsFile';
import { createDatabase } from './database';

/**
 * Against a real PostgreSQL: the platform's template verification starts one
 * and sets TEST_DATABASE_URL (a superuser connection) for this suite. Plays
 * Vault's part with that connection: creates a user per lease, and revokes
 * (drops) the old one after rotation, as the database secrets engine does.
 */
const adminUrl = process.env.TEST_DATABASE_URL;

function renderAtomically(file: string, credentials: object): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(credentials));
  renameSync(`${file}.tmp`, file);
}

async function eventually<T>(what: string, probe: () => Promise<T>, accept: (value: T) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      assert.fail(`timed out waiting until ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test(
  'a rotated credential is picked up by the running service against a real PostgreSQL',
  { skip: adminUrl ? false : 'TEST_DATABASE_URL is not set (no PostgreSQL to test against)' },
  async () => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    const suffix = randomBytes(4).toString('hex');
    const application = `rotation-${suffix}`;
    const users = { a: `v_rot_${suffix}_a`, b: `v_rot_${suffix}_b` };
    const passwords = {
      a: `pw-a-${randomBytes(8).toString('hex')}`,
      b: `pw-b-${randomBytes(8).toString('hex')}`,
    };
    for (const key of ['a', 'b'] as const) {
      await admin.query(`CREATE ROLE ${users[key]} LOGIN PASSWORD '${passwords[key]}'`);
    }
    const url = new URL(adminUrl as string);
    const dir = mkdtempSync(join(tmpdir(), 'vault-secrets-'));
    const file = join(dir, 'database.json');
    const lines: string[] = [];
    const logger = createLogger('orders', 'debug', (line) => lines.push(line));
    const tracing = startTracing({ serviceName: 'orders' });
    let server: Server | undefined;
    const sessions = async () =>
      (
        await admin.query<{ usename: string }>(
          'SELECT usename FROM pg_stat_activity WHERE application_name = $1 ORDER BY usename',
          [application],
        )
      ).rows.map((row) => row.usename);
    try {
      renderAtomically(file, {
        username: users.a,
        password: passwords.a,
        ttl: 3600,
        issuedAt: new Date().toISOString(),
      });
      const credentials = await watchCredentialsFile({ file, logger, pollMs: 1000 });
      const database = createDatabase({
        config: {
          credentialsFile: file,
          host: url.hostname,
          port: Number(url.port || 5432),
          database: url.pathname.slice(1) || 'postgres',
          sslMode: 'disable',
          poolMax: 2,
          credentialsPollMs: 1000,
        },
        credentials,
        logger,
        applicationName: application,
      });
      server = createHttpServer({
        serviceName: 'orders',
        logger,
        metrics: createMetrics('orders', { defaultMetrics: false }),
        tracer: tracing.tracer,
        isReady: () => true,
        database,
      });
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const status = async () => {
        const response = await fetch(`${base}/status/database`);
        return { code: response.status, body: await response.json() };
      };

      assert.deepEqual(await status(), { code: 200, body: { status: 'ok' } });
      assert.deepEqual(await sessions(), [users.a]);

      // The agent renders the next lease; the service moves over on its own.
      renderAtomically(file, {
        username: users.b,
        password: passwords.b,
        ttl: 3600,
        issuedAt: new Date().toISOString(),
      });
      await eventually('the old user has no sessions left', sessions, (s) => !s.includes(users.a));
      // Vault revokes the old lease: its user is gone for good.
      await admin.query(`DROP ROLE ${users.a}`);
      assert.deepEqual(await status(), { code: 200, body: { status: 'ok' } });
      assert.deepEqual(await sessions(), [users.b]);

      // A broken render keeps the working credentials.
      writeFileSync(file, '{"username":"v_broken","pass');
      await credentials.reload();
      assert.deepEqual(await status(), { code: 200, body: { status: 'ok' } });
      assert.deepEqual(await sessions(), [users.b]);

      // Credentials for a user that does not exist: the status says the server refused.
      renderAtomically(file, { username: `v_rot_${suffix}_gone`, password: 'x-unused' });
      await eventually('the refused user is reported', status, (s) => s.code === 503);
      assert.deepEqual((await status()).body, {
        status: 'unavailable',
        reason: 'refused',
        code: '28000',
      });

      await database.close();
      assert.deepEqual(await sessions(), []);
      const logs = lines.join('');
      assert.ok(logs.includes('database credentials rotated'));
      for (const secret of [passwords.a, passwords.b]) {
        assert.ok(!logs.includes(secret), 'passwords never reach the logs');
      }
    } finally {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await tracing.shutdown();
      for (const user of Object.values(users)) {
        await admin.query(`DROP ROLE IF EXISTS ${user}`);
      }
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
