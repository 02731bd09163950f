// Makes sure the repository runs on Node 22 LTS, even on a machine whose own
// Node is older. Backstage 1.55 requires Node 22 or 24, and Node 24 crashes
// with better-sqlite3 (the embedded default database), so we pin 22.
//
// The npm registry ships complete Node distributions (binary *and* headers)
// as `node-<platform>-<arch>` packages, so npm alone can fetch one: no other
// download host is needed.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  readdirSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '22.23.3';
export const REQUIRED_MAJOR = 22;

export function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'eks-platform');
}

export function runningNodeIsSuitable() {
  return Number(process.versions.node.split('.')[0]) === REQUIRED_MAJOR;
}

function distributionPackageName() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${platform}-${process.arch}`;
}

/** Returns the directory of a Node 22 distribution (with bin/ and include/). */
export function ensureNodeRuntime(log) {
  const dir = join(cacheDir(), `node-v${NODE_VERSION}`);
  if (existsSync(join(dir, 'bin', 'node'))) return dir;

  const pkg = `${distributionPackageName()}@${NODE_VERSION}`;
  log(
    `Node ${process.versions.node} is not Node ${REQUIRED_MAJOR}; fetching ${pkg} from the npm registry (once)…`,
  );
  mkdirSync(cacheDir(), { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'eks-platform-node-'));
  try {
    execFileSync('npm', ['pack', pkg, '--silent'], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tarball = readdirSync(work).find(f => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${pkg} produced no tarball`);
    execFileSync('tar', ['xzf', tarball], { cwd: work });
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, 'package'), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}
