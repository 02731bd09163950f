import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/*
 * Finds the Debian binaries the real-server helpers run, wherever Debian put
 * them: `runuser` is in /usr/sbin, which a non-login PATH often lacks, and
 * PostgreSQL's server binaries are in /usr/lib/postgresql/<major>/bin, whose
 * major version depends on the Debian release.
 */

/** Folders searched after PATH: where Debian installs admin and server binaries. */
export const SYSTEM_BIN_DIRS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];

export function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `name` in PATH's folders, then in {@link SYSTEM_BIN_DIRS}. */
export function findExecutable(
  name: string,
  searchPath: string = process.env.PATH ?? '',
): string | undefined {
  const dirs = [...searchPath.split(':').filter(Boolean), ...SYSTEM_BIN_DIRS];
  return dirs.map(d => path.join(d, name)).find(isExecutableFile);
}

function hasServerBinaries(dir: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every(b =>
    isExecutableFile(path.join(dir, b)),
  );
}

/**
 * PostgreSQL's server binary folder: `pg_config --bindir` when it has the
 * server binaries (postgresql-common's pg_config names the newest installed
 * major; libpq-dev's alone says /usr/bin, which has none), else the newest
 * /usr/lib/postgresql/<major>/bin that has them.
 */
export function findPostgresBinDir(
  libDir = '/usr/lib/postgresql',
  /** null: do not ask pg_config. */
  pgConfig: string | null = findExecutable('pg_config') ?? null,
): string | undefined {
  if (pgConfig) {
    const r = spawnSync(pgConfig, ['--bindir'], { encoding: 'utf8' });
    const dir = r.status === 0 ? r.stdout.trim() : '';
    if (dir && hasServerBinaries(dir)) return dir;
  }
  let majors: string[] = [];
  try {
    majors = fs.readdirSync(libDir).filter(d => /^\d+(\.\d+)?$/.test(d));
  } catch {
    return undefined;
  }
  return majors
    .sort((a, b) => Number(b) - Number(a))
    .map(m => path.join(libDir, m, 'bin'))
    .find(hasServerBinaries);
}
