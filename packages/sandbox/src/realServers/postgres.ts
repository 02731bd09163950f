import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExecutable, findPostgresBinDir } from './debianBinaries';
import { freePortSync } from './ports';
import { RealServer, RealServerUnavailableError, tail } from './realServer';

const INSTALL_HINT =
  'apt-get install postgresql (npm test installs it as root)';

/**
 * A throwaway PostgreSQL (Debian's package) on 127.0.0.1 in a temp folder,
 * trusting local connections as user `postgres`. Synchronous, so a test file
 * can start it while jest collects tests. initdb refuses to run as root, so
 * as root the cluster is owned by the `postgres` user through `runuser`.
 * Throws {@link RealServerUnavailableError} saying what is missing.
 */
export function startPostgres(): RealServer {
  const unavailable = (reason: string) =>
    new RealServerUnavailableError('PostgreSQL', reason);
  const binDir = findPostgresBinDir();
  if (!binDir) {
    throw unavailable(
      `no initdb/pg_ctl/postgres in \`pg_config --bindir\` or /usr/lib/postgresql/*/bin (${INSTALL_HINT})`,
    );
  }
  const asRoot = process.getuid?.() === 0;
  const runuser = asRoot ? findExecutable('runuser') : undefined;
  if (asRoot && !runuser) {
    throw unavailable(
      'running as root needs `runuser` (util-linux) to run initdb as postgres, and none was found on PATH or in /usr/sbin, /sbin',
    );
  }
  if (asRoot && spawnSync('id', ['-u', 'postgres']).status !== 0) {
    throw unavailable(
      `running as root needs the \`postgres\` user, which does not exist (${INSTALL_HINT})`,
    );
  }
  const run = (step: string, bin: string, args: string[]) => {
    const binary = path.join(binDir, bin);
    const r = asRoot
      ? spawnSync(runuser!, ['-u', 'postgres', '--', binary, ...args], {
          encoding: 'utf8',
        })
      : spawnSync(binary, args, { encoding: 'utf8' });
    if (r.status !== 0) {
      throw unavailable(
        `${step} failed (${binary}): ${
          r.error?.message ?? tail(`${r.stdout}${r.stderr}`)
        }`,
      );
    }
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-real-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'log');
  let running = false;
  const stop = () => {
    process.removeListener('exit', stop);
    try {
      if (running)
        run('pg_ctl stop', 'pg_ctl', [
          '-D',
          data,
          '-m',
          'immediate',
          '-w',
          'stop',
        ]);
    } finally {
      running = false;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    if (asRoot)
      fs.chownSync(
        dir,
        Number(
          spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout,
        ),
        0,
      );
    run('initdb', 'initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
    const port = freePortSync();
    try {
      run('pg_ctl start', 'pg_ctl', [
        '-D',
        data,
        '-o',
        `-p ${port} -k ${dir} -h 127.0.0.1 -F`,
        '-l',
        log,
        '-w',
        '-t',
        '60',
        'start',
      ]);
    } catch (error) {
      const serverLog = fs.existsSync(log) ? tail(fs.readFileSync(log)) : '';
      throw unavailable(`${(error as Error).message}\n${serverLog}`);
    }
    running = true;
    // pg_ctl daemonises the server: stop it even when the test process ends without stop().
    process.once('exit', stop);
    return { name: 'PostgreSQL', port, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
