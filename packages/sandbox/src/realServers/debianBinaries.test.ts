import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExecutable, findPostgresBinDir } from './debianBinaries';

function executable(file: string, text = '#!/bin/sh\n') {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  fs.chmodSync(file, 0o755);
}

describe('findExecutable', () => {
  it('looks on PATH first', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-'));
    executable(path.join(dir, 'sh'));
    expect(findExecutable('sh', dir)).toBe(path.join(dir, 'sh'));
  });

  it('finds system binaries (runuser lives in /usr/sbin) when PATH lacks their folder', () => {
    expect(findExecutable('sh', '/nonexistent')).toMatch(/^\/(usr\/)?bin\/sh$/);
  });

  it('ignores files that are not executable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-'));
    fs.writeFileSync(path.join(dir, 'not-a-program'), '');
    expect(findExecutable('not-a-program', dir)).toBeUndefined();
  });
});

describe('findPostgresBinDir', () => {
  let lib: string;
  const server = (major: string, bins = ['initdb', 'pg_ctl', 'postgres']) => {
    for (const b of bins) executable(path.join(lib, major, 'bin', b));
    return path.join(lib, major, 'bin');
  };
  const pgConfig = (bindir: string) => {
    const file = path.join(lib, '..', `pg_config-${path.basename(lib)}`);
    executable(file, `#!/bin/sh\necho ${bindir}\n`);
    return file;
  };

  beforeEach(() => {
    lib = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pglib-')), 'lib');
    fs.mkdirSync(lib);
  });

  it('takes the newest major that has the server binaries, whatever its number', () => {
    server('13');
    const newest = server('16');
    server('9');
    expect(findPostgresBinDir(lib, null)).toBe(newest);
  });

  it('passes over a major without the server (client-only packages)', () => {
    const full = server('15');
    server('17', ['pg_dump']);
    expect(findPostgresBinDir(lib, null)).toBe(full);
  });

  it("prefers pg_config's --bindir when it has the server binaries", () => {
    server('16');
    const chosen = server('15');
    expect(findPostgresBinDir(lib, pgConfig(chosen))).toBe(chosen);
  });

  it("falls back to the folders when pg_config is libpq-dev's (bindir /usr/bin without a server)", () => {
    const newest = server('16');
    expect(findPostgresBinDir(lib, pgConfig(path.join(lib, 'nothing')))).toBe(
      newest,
    );
  });

  it('is undefined when PostgreSQL is not installed', () => {
    expect(findPostgresBinDir(path.join(lib, 'missing'), null)).toBeUndefined();
  });
});
