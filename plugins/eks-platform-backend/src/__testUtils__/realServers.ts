import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export const realServersAvailable =
  fs.existsSync(path.join(PG_BIN, 'initdb')) &&
  fs.existsSync('/usr/bin/redis-server');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>(resolve => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end)
      throw new Error(
        `nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`,
      );
    await new Promise(r => setTimeout(r, 100));
  }
}

/**
 * A throwaway PostgreSQL on loopback in a temp dir. initdb refuses to run
 * as root, so as root the cluster is owned by the `postgres` user.
 */
export async function startPostgres(): Promise<{
  port: number;
  stop(): Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-status-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (bin: string, args: string[]) =>
    asRoot
      ? execFileSync(
          'runuser',
          ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args],
          { stdio: 'pipe' },
        )
      : execFileSync(path.join(PG_BIN, bin), args, { stdio: 'pipe' });
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-o',
    `-p ${port} -k ${dir} -h 127.0.0.1 -F`,
    '-l',
    path.join(dir, 'log'),
    '-w',
    'start',
  ]);
  return {
    port,
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A throwaway Redis on a random loopback port, without persistence. It is
 * killed when the test process exits rather than in afterAll: the backend's
 * Redis clients stay connected after a test backend stops, and a closed
 * socket under them is an unhandled error.
 */
export async function startRedis(): Promise<{ port: number }> {
  const port = await freePort();
  // A shell watchdog owns Redis: when this process goes away, however it
  // goes, its stdin closes, `cat` returns and the trap kills Redis.
  const script = `/usr/bin/redis-server --port ${port} --bind 127.0.0.1 --save '' --appendonly no & trap "kill $!" EXIT; cat > /dev/null`;
  const child = spawn('/bin/sh', ['-c', script], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  await waitForPort(port, 10_000);
  return { port };
}
