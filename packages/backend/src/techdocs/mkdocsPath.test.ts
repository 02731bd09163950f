import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMkdocsToPath } from './mkdocsPath';

describe('addMkdocsToPath', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mkdocs-path-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function install(binDir: string) {
    mkdirSync(binDir, { recursive: true });
    writeFileSync(join(binDir, 'mkdocs'), '#!/bin/sh\n');
    mkdirSync(join(root, '.cache'), { recursive: true });
    writeFileSync(
      join(root, '.cache', 'mkdocs.json'),
      JSON.stringify({ binDir }),
    );
  }

  it('puts the installed toolchain first on PATH, once', () => {
    const binDir = join(root, 'venv', 'bin');
    install(binDir);
    const env = { PATH: `/usr/bin:${binDir}:/bin` };
    expect(addMkdocsToPath(root, env)).toBe(binDir);
    expect(env.PATH).toBe(`${binDir}:/usr/bin:/bin`);
  });

  it('leaves PATH alone when the set-up has not installed mkdocs', () => {
    const env = { PATH: '/usr/bin' };
    expect(addMkdocsToPath(root, env)).toBeUndefined();
    expect(env.PATH).toBe('/usr/bin');
  });

  it('leaves PATH alone when the recorded folder has no mkdocs (a removed cache)', () => {
    install(join(root, 'venv', 'bin'));
    rmSync(join(root, 'venv'), { recursive: true });
    const env = { PATH: '/usr/bin' };
    expect(addMkdocsToPath(root, env)).toBeUndefined();
    expect(env.PATH).toBe('/usr/bin');
  });
});
