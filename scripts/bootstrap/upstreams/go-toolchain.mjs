// Finds a Go toolchain new enough for the pinned upstreams. Debian's
// golang-go (1.19) installs /usr/bin/go, which can come first on PATH and
// shadow the machine's Go 1.26 in /usr/local/go: the PATH's `go` is tried
// first, then the usual install folders, and the message says what was found.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export class GoToolchainError extends Error {}

/** Where to look for `go`, in order: PATH, $GOROOT/bin, /usr/local/go/bin. */
export function defaultGoCandidates(env = process.env) {
  const candidates = ['go'];
  if (env.GOROOT) candidates.push(join(env.GOROOT, 'bin', 'go'));
  candidates.push('/usr/local/go/bin/go');
  return [...new Set(candidates)];
}

/** `go1.26.8` → [1, 26, 8]; undefined for anything else. */
export function parseGoVersion(text) {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?/.exec(String(text).trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Whether `version` (go1.x.y) is at least `minimum` ("1.26"). */
export function goVersionAtLeast(version, minimum) {
  const have = parseGoVersion(version);
  const [wantMajor, wantMinor] = minimum.split('.').map(Number);
  if (!have) return false;
  return have[0] > wantMajor || (have[0] === wantMajor && have[1] >= wantMinor);
}

function probe(candidate, env) {
  const r = spawnSync(candidate, ['env', 'GOVERSION', 'GOROOT'], {
    encoding: 'utf8',
    env: { ...env, GOTOOLCHAIN: 'local' },
  });
  if (r.error || r.status !== 0) return undefined;
  const [version, root] = r.stdout.trim().split('\n');
  return { version, path: root ? join(root, 'bin', 'go') : candidate };
}

/**
 * The first candidate whose version is at least `minimum`, as
 * { path, version, note } (note: set when PATH's go was passed over).
 * Throws GoToolchainError saying what each candidate is.
 */
export function findGo(
  minimum,
  candidates = defaultGoCandidates(),
  env = process.env,
) {
  const seen = [];
  for (const candidate of candidates) {
    const found = probe(candidate, env);
    if (!found) {
      seen.push(`${candidate}: not found`);
      continue;
    }
    if (goVersionAtLeast(found.version, minimum)) {
      return {
        ...found,
        note: seen.length
          ? `using ${found.path} (${found.version}); passed over ${seen.join(
              '; ',
            )}`
          : undefined,
      };
    }
    seen.push(`${found.path}: ${found.version}, too old`);
  }
  throw new GoToolchainError(
    `Go ${minimum} or newer is needed to build the pinned upstreams (Helm, etcd, kube-apiserver, …), but none was found (${seen.join(
      '; ',
    )}). Install Go ${minimum}+ and put it first on PATH (this project's machines have it in /usr/local/go/bin). Debian's golang-go is 1.19 and installs /usr/bin/go: it cannot build them.`,
  );
}
