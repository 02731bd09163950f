// Runs the yarn release committed under .yarn/releases, so neither a global
// yarn nor a corepack download is needed.
import { readFileSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join, dirname } from 'node:path';

export function yarnReleasePath(repoRoot) {
  const rc = readFileSync(join(repoRoot, '.yarnrc.yml'), 'utf8');
  const match = rc.match(/^yarnPath:\s*(\S+)\s*$/m);
  if (!match) throw new Error('.yarnrc.yml has no yarnPath');
  return join(repoRoot, match[1]);
}

/**
 * Writes a tiny `yarn` launcher into .bootstrap/bin (git-ignored). Tools such as
 * backstage-cli spawn `yarn` by name, so it has to be on PATH.
 */
export function ensureYarnShim(repoRoot) {
  // Per checkout, because the launcher names this checkout's yarn release.
  const bin = join(repoRoot, '.bootstrap', 'bin');
  mkdirSync(bin, { recursive: true });
  const shim = join(bin, 'yarn');
  writeFileSync(
    shim,
    `#!/bin/sh\nexec "${process.execPath}" "${yarnReleasePath(
      repoRoot,
    )}" "$@"\n`,
  );
  chmodSync(shim, 0o755);
  return dirname(shim);
}
