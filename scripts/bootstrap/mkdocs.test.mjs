// Tests of the TechDocs toolchain bootstrap's cache logic against a fake
// Python (a real install downloads from PyPI; `npm start` measures it).
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ensureMkdocs, MkdocsInstallError, venvDir } from './mkdocs.mjs';

const REQUIREMENTS = 'mkdocs-techdocs-core==1.7.1\n';

describe('ensureMkdocs', () => {
  let root;
  let repoRoot;
  let cacheRoot;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mkdocs-bootstrap-'));
    repoRoot = join(root, 'repo');
    cacheRoot = join(root, 'cache');
    mkdirSync(join(repoRoot, 'tools', 'mkdocs'), { recursive: true });
    writeFileSync(
      join(repoRoot, 'tools', 'mkdocs', 'requirements.txt'),
      REQUIREMENTS,
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A Python that only logs that it ran: enough to see whether the install ran. */
  function fakePython() {
    const path = join(root, 'python3');
    writeFileSync(
      path,
      `#!/bin/sh\necho "$@" >> ${join(root, 'python-calls')}\nexit 1\n`,
    );
    chmodSync(path, 0o755);
    return { path, version: '3.11' };
  }
  const pythonRan = () => existsSync(join(root, 'python-calls'));

  it('skips the install when the cache holds a complete virtualenv for these pins and this Python, and records its bin folder', async () => {
    const dir = venvDir(cacheRoot, REQUIREMENTS, '3.11');
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, '.complete'), 'now');
    const binDir = await ensureMkdocs(() => {}, {
      repoRoot,
      cacheRoot,
      python: fakePython(),
    });
    assert.equal(binDir, join(dir, 'bin'));
    assert.equal(pythonRan(), false);
    assert.deepEqual(
      JSON.parse(readFileSync(join(repoRoot, '.cache', 'mkdocs.json'), 'utf8')),
      { binDir },
    );
  });

  it('installs again when the virtualenv was left half-built (no completion marker), and says which step failed', async () => {
    const dir = venvDir(cacheRoot, REQUIREMENTS, '3.11');
    mkdirSync(join(dir, 'bin'), { recursive: true });
    await assert.rejects(
      ensureMkdocs(() => {}, { repoRoot, cacheRoot, python: fakePython() }),
      e =>
        e instanceof MkdocsInstallError &&
        /creating the virtualenv failed/.test(e.message),
    );
    assert.equal(pythonRan(), true);
    assert.equal(existsSync(join(dir, '.complete')), false);
  });

  it('keys the virtualenv by the pins and the Python version', () => {
    const a = venvDir(cacheRoot, REQUIREMENTS, '3.11');
    assert.notEqual(
      a,
      venvDir(cacheRoot, 'mkdocs-techdocs-core==1.7.0\n', '3.11'),
    );
    assert.notEqual(a, venvDir(cacheRoot, REQUIREMENTS, '3.12'));
    assert.equal(a, venvDir(cacheRoot, REQUIREMENTS, '3.11'));
  });
});
