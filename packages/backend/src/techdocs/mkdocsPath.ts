import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/**
 * The checkout's root: the backend runs in packages/backend (app-config.yaml's
 * catalog file locations are relative to it too).
 */
const DEFAULT_REPO_ROOT = resolve(process.cwd(), '..', '..');

/**
 * Puts the pinned mkdocs toolchain's bin folder first on PATH, so
 * TechDocs' local generator (`techdocs.generator.runIn: local`) runs the
 * mkdocs that scripts/bootstrap/mkdocs.mjs installed and recorded in
 * .cache/mkdocs.json, not whatever else is on the machine. Without that
 * file (a production image that brings its own mkdocs) PATH is left alone.
 * Returns the folder added, if any.
 */
export function addMkdocsToPath(
  repoRoot = DEFAULT_REPO_ROOT,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const manifest = join(repoRoot, '.cache', 'mkdocs.json');
  if (!existsSync(manifest)) return undefined;
  const { binDir } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    binDir?: string;
  };
  if (!binDir || !existsSync(join(binDir, 'mkdocs'))) return undefined;
  const parts = (env.PATH ?? '').split(delimiter).filter(p => p !== binDir);
  env.PATH = [binDir, ...parts].join(delimiter);
  return binDir;
}
