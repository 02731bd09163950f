import fs from 'node:fs/promises';
import path from 'node:path';
import { runGit } from './git';
import { RenderedFile } from './renderTemplate';
import { MergeResult } from './threeWayMerge';

/**
 * The upgrade as a unified diff against the repository's default branch,
 * made by git from the same trees the pull request's commit gets: `git diff
 * --no-renames --full-index` between the branch's files and the merged
 * ones. The sandbox GitHub serves a pull request's diff with the same
 * options, so a dry run's diff equals the pull request's.
 */
export async function upgradeDiff(options: {
  ours: Map<string, RenderedFile>;
  merge: MergeResult;
  workDir: string;
}): Promise<string> {
  const { ours, merge, workDir } = options;
  const repo = path.join(workDir, 'diff-repo');
  await fs.mkdir(repo, { recursive: true });
  await runGit(['init', '--quiet'], { cwd: repo });
  const write = async (file: string, f: RenderedFile) => {
    const full = path.join(repo, file);
    await fs.mkdir(path.dirname(full), { recursive: true });
    await fs.writeFile(full, f.content);
    await fs.chmod(full, f.executable ? 0o755 : 0o644);
  };
  for (const [file, f] of ours) await write(file, f);
  await runGit(['add', '--all'], { cwd: repo });
  const before = (await runGit(['write-tree'], { cwd: repo })).stdout.trim();
  for (const [file, f] of merge.writes) await write(file, f);
  for (const file of merge.deletions) {
    await fs.rm(path.join(repo, file), { force: true });
  }
  await runGit(['add', '--all'], { cwd: repo });
  const after = (await runGit(['write-tree'], { cwd: repo })).stdout.trim();
  const { stdout } = await runGit(
    ['diff', '--no-color', '--no-renames', '--full-index', before, after],
    { cwd: repo },
  );
  return stdout;
}

/** Files a unified diff touches, from its `diff --git a/x b/x` headers. */
export function changedFiles(diff: string): string[] {
  const files = new Set<string>();
  for (const match of diff.matchAll(/^diff --git a\/(.+?) b\/(.+)$/gm)) {
    files.add(match[2]);
  }
  return Array.from(files);
}
