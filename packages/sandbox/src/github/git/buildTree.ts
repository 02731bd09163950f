import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TreeChange } from './BareRepository';
import { gitText, runGit } from '../../shared/runGit';

/**
 * Writes a tree object from `base` plus `changes` using a throwaway index,
 * so nested paths and deletions need no work tree (the repos are bare).
 */
export async function buildTree(
  gitDir: string,
  base: string | undefined,
  changes: TreeChange[],
): Promise<string> {
  const indexFile = path.join(
    os.tmpdir(),
    `gh-sim-index-${process.pid}-${Math.random().toString(36).slice(2)}`,
  );
  const env = { GIT_INDEX_FILE: indexFile };
  try {
    if (base) await runGit(gitDir, ['read-tree', base], { env });
    else await runGit(gitDir, ['read-tree', '--empty'], { env });
    const cleaned = changes.map(c => ({
      ...c,
      path: c.path.replace(/^\/+|\/+$/g, ''),
    }));
    const indexed = (await runGit(gitDir, ['ls-files', '-z'], { env })).stdout
      .toString('utf8')
      .split('\0')
      .filter(Boolean);
    // A changed path replaces whatever was there: a file, a directory, or a
    // file where the new path needs a directory.
    const replaced = indexed.filter(p =>
      cleaned.some(
        c =>
          p === c.path ||
          p.startsWith(`${c.path}/`) ||
          c.path.startsWith(`${p}/`),
      ),
    );
    const zero = '0'.repeat(40);
    // `--index-info` lines: mode 0 removes an entry (no work tree needed).
    const lines = replaced.map(p => `0 ${zero}\t${p}\0`);
    for (const change of cleaned) {
      if (change.sha !== null && change.mode !== '040000') {
        lines.push(`${change.mode} ${change.sha}\t${change.path}\0`);
      }
    }
    if (lines.length > 0) {
      await runGit(gitDir, ['update-index', '-z', '--index-info'], {
        env,
        input: lines.join(''),
      });
    }
    for (const change of cleaned) {
      if (change.sha !== null && change.mode === '040000') {
        await runGit(
          gitDir,
          ['read-tree', `--prefix=${change.path}/`, change.sha],
          { env },
        );
      }
    }
    return await gitText(gitDir, ['write-tree'], { env });
  } finally {
    await fs.rm(indexFile, { force: true });
  }
}
