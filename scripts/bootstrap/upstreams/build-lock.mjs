// Keeps two checkouts (or two `npm test`s) from building the same upstream at
// once. A lock is a folder created with mkdir (atomic) holding the owner's pid;
// a lock whose owner died is taken over. The build itself is published by one
// rename of a complete folder, so even without the lock a reader never sees a
// half-written binary: the lock only saves the second build's CPU time.
import {
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const sleep = ms => new Promise(r => setTimeout(r, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function owner(lockDir) {
  try {
    return JSON.parse(readFileSync(join(lockDir, 'owner.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function isStale(lockDir, graceMs) {
  const o = owner(lockDir);
  if (o) return o.host === hostname() && !alive(o.pid);
  // Created but owner.json not written yet (or never: the owner died in between).
  try {
    return Date.now() - statSync(lockDir).mtimeMs > graceMs;
  } catch {
    return false; // gone already
  }
}

/**
 * Runs `build` holding the lock at `lockDir`, unless `isDone()` becomes true
 * while waiting for another holder. Returns 'built' or 'done-by-other'.
 */
export async function withBuildLock(
  lockDir,
  { isDone, build, log, pollMs = 1000, graceMs = 30_000 },
) {
  let announced = false;
  for (;;) {
    if (isDone()) return 'done-by-other';
    try {
      mkdirSync(lockDir);
      writeFileSync(
        join(lockDir, 'owner.json'),
        JSON.stringify({
          pid: process.pid,
          host: hostname(),
          since: new Date().toISOString(),
        }),
      );
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (isStale(lockDir, graceMs)) {
      log(
        `a previous build died and left its lock; taking it over (${lockDir})`,
      );
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      const o = owner(lockDir);
      log(
        `another build of the same version is running${
          o ? ` (pid ${o.pid})` : ''
        }; waiting for it`,
      );
      announced = true;
    }
    await sleep(pollMs);
  }
  try {
    if (isDone()) return 'done-by-other';
    await build();
    return 'built';
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
