// Installs the pinned TechDocs toolchain (tools/mkdocs/requirements.txt:
// mkdocs-techdocs-core from PyPI) into a Python virtualenv in the cache
// folder, keyed by the requirements' content and the Python version, so a
// warm machine skips it. The backend's TechDocs generator runs `mkdocs`
// locally (techdocs.generator.runIn: local) with that virtualenv's bin/ on
// its PATH (packages/backend/src/techdocs/mkdocsPath.ts reads
// .cache/mkdocs.json, written here).
//
//   node scripts/bootstrap/mkdocs.mjs        install (or reuse) and print the bin folder
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from './node-runtime.mjs';
import { withBuildLock } from './upstreams/build-lock.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_REPO_ROOT = resolve(HERE, '..', '..');

export class MkdocsInstallError extends Error {}

/** A Python 3 that can make virtualenvs: `{ path, version }`. */
export function findPython(candidates = ['python3', 'python']) {
  for (const candidate of candidates) {
    const r = spawnSync(
      candidate,
      ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])'],
      { encoding: 'utf8' },
    );
    if (r.status === 0) {
      const version = r.stdout.trim();
      const [major, minor] = version.split('.').map(Number);
      if (major === 3 && minor >= 9) return { path: candidate, version };
    }
  }
  throw new MkdocsInstallError(
    'TechDocs needs Python 3.9 or newer with the venv module (Debian: apt-get install python3-venv); none was found as python3 or python',
  );
}

/** The virtualenv folder for these requirements and this Python. */
export function venvDir(cacheRoot, requirements, pythonVersion) {
  const key = createHash('sha256')
    .update(`${pythonVersion}\n${requirements}`)
    .digest('hex')
    .slice(0, 12);
  return join(cacheRoot, `py${pythonVersion}-${key}`);
}

function run(command, args, what) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`
      .trim()
      .split('\n')
      .slice(-20)
      .join('\n');
    throw new MkdocsInstallError(
      `${what} failed (exit ${r.status}):\n${output}`,
    );
  }
}

/**
 * Makes sure the pinned mkdocs toolchain is installed; returns its bin
 * folder. A virtualenv records its own absolute path in its scripts, so it
 * is built in place and only a `.complete` marker written last makes it
 * count as installed; a half-built one is removed and built again.
 */
export async function ensureMkdocs(
  log,
  {
    repoRoot = DEFAULT_REPO_ROOT,
    cacheRoot = join(cacheDir(), 'mkdocs'),
    python = findPython(),
  } = {},
) {
  const requirementsPath = join(
    repoRoot,
    'tools',
    'mkdocs',
    'requirements.txt',
  );
  const requirements = readFileSync(requirementsPath, 'utf8');
  const dir = venvDir(cacheRoot, requirements, python.version);
  const binDir = join(dir, 'bin');
  const marker = join(dir, '.complete');
  const isDone = () => existsSync(marker);
  if (isDone()) {
    log(`mkdocs: cached (${dir})`);
  } else {
    mkdirSync(cacheRoot, { recursive: true });
    await withBuildLock(`${dir}.lock`, {
      isDone,
      log: msg => log(`mkdocs: ${msg}`),
      build: async () => {
        const started = Date.now();
        log(`mkdocs: installing ${requirementsPath} into ${dir}`);
        rmSync(dir, { recursive: true, force: true });
        run(python.path, ['-m', 'venv', dir], 'creating the virtualenv');
        run(
          join(binDir, 'python'),
          [
            '-m',
            'pip',
            'install',
            '--disable-pip-version-check',
            '--no-input',
            '--quiet',
            '-r',
            requirementsPath,
          ],
          `pip install -r ${requirementsPath}`,
        );
        run(join(binDir, 'mkdocs'), ['--version'], 'running mkdocs --version');
        writeFileSync(marker, new Date().toISOString());
        log(
          `mkdocs: installed in ${Math.round((Date.now() - started) / 1000)} s`,
        );
      },
    });
  }
  mkdirSync(join(repoRoot, '.cache'), { recursive: true });
  writeFileSync(
    join(repoRoot, '.cache', 'mkdocs.json'),
    `${JSON.stringify({ binDir }, null, 2)}\n`,
  );
  return binDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(await ensureMkdocs(msg => console.error(msg)));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
