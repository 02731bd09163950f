import fs from 'node:fs';
import path from 'node:path';

/**
 * Manifest generation failed (a path outside the repository, a value file
 * that is missing, a chart Helm refused, a YAML parse error): reported as
 * the Application's ComparisonError, never a crash.
 */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

function within(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(`${root}${path.sep}`);
}

/**
 * `relative` inside `root`, as Argo CD's securejoin has it: `..`,
 * absolute paths and symbolic links may not lead out of the repository
 * (a hostile Application could otherwise render files of the repo server).
 */
export function resolveInside(
  root: string,
  relative: string,
  what: string,
): string {
  const resolved = path.resolve(root, relative.replace(/^\/+/, ''));
  if (!within(root, resolved) || path.isAbsolute(relative)) {
    throw new ManifestError(
      `${what} ${JSON.stringify(relative)} resolved to outside repository root`,
    );
  }
  if (fs.existsSync(resolved)) {
    const real = fs.realpathSync(resolved);
    if (!within(fs.realpathSync(root), real)) {
      throw new ManifestError(
        `${what} ${JSON.stringify(
          relative,
        )} resolved to outside repository root`,
      );
    }
  }
  return resolved;
}
