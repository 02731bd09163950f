import fs from 'node:fs/promises';
import path from 'node:path';
import { runGit } from './git';
import { RenderedFile, RenderedTree } from './renderTemplate';

/** What the upgrade does to one file of the repository, and why. */
export type FileOutcome =
  | 'added' // new in the template, absent from the repository
  | 'updated' // the template's change applied cleanly
  | 'merged' // both changed it; git merged the two without conflict
  | 'conflict' // both changed the same lines: written with conflict markers
  | 'removed' // the template removed it and the team had not changed it
  | 'kept-deleted' // the team deleted it: stays deleted
  | 'kept-changed'; // the template removed it but the team changed it: kept

export interface MergeResult {
  /** Path → new content for the default branch (added, updated, merged, conflict). */
  writes: Map<string, RenderedFile>;
  /** Paths to delete from the default branch. */
  deletions: string[];
  /** Every file the template touched between the two versions, with its outcome. */
  outcomes: Map<string, FileOutcome>;
}

const CONFLICT_LABELS = ['repository', 'template-base', 'template-target'];

/**
 * Three-way merge of a repository with a template upgrade, file by file,
 * with git's own merge machinery (`git merge-file`, the same xdiff merge
 * `git merge` uses): base = the old version's render, ours = the
 * repository's default branch, theirs = the new version's render.
 *
 * - a file the team deleted stays deleted;
 * - a file the template deleted is removed only if the team left it as
 *   generated, otherwise kept (and reported);
 * - a file both changed is merged; overlapping changes are written with
 *   conflict markers (`<<<<<<< repository` / `>>>>>>> template-target`);
 * - files only the repository has are never touched.
 */
export async function mergeTemplateUpgrade(options: {
  base: RenderedTree;
  theirs: RenderedTree;
  /** The repository's files at the paths of base and theirs (absent = deleted). */
  ours: Map<string, RenderedFile>;
  /** Scratch folder for merge-file's inputs. */
  workDir: string;
  /** Paths always taken from the new render (the template record). */
  alwaysTheirs?: string[];
}): Promise<MergeResult> {
  const { base, theirs, ours, workDir } = options;
  const always = new Set(options.alwaysTheirs ?? []);
  const writes = new Map<string, RenderedFile>();
  const deletions: string[] = [];
  const outcomes = new Map<string, FileOutcome>();
  const paths = [...new Set([...base.keys(), ...theirs.keys()])].sort();
  await fs.mkdir(workDir, { recursive: true });
  let n = 0;

  for (const file of paths) {
    const b = base.get(file);
    const t = theirs.get(file);
    const o = ours.get(file);
    if (always.has(file) && t) {
      if (!o || o.content !== t.content) {
        writes.set(file, t);
        outcomes.set(file, o ? 'updated' : 'added');
      }
      continue;
    }
    if (b && t && sameFile(b, t)) continue; // the template did not change it
    if (!t) {
      // The template removed it (b exists).
      if (!o) continue;
      if (sameFile(o, b!)) {
        deletions.push(file);
        outcomes.set(file, 'removed');
      } else {
        outcomes.set(file, 'kept-changed');
      }
      continue;
    }
    if (!o) {
      if (b) {
        outcomes.set(file, 'kept-deleted');
      } else {
        writes.set(file, t);
        outcomes.set(file, 'added');
      }
      continue;
    }
    if (sameFile(o, t)) continue; // the repository already has it
    if (b && sameFile(o, b)) {
      writes.set(file, t);
      outcomes.set(file, 'updated');
      continue;
    }
    // Both sides differ from base (or base lacks the file both have).
    const dir = path.join(workDir, String(n++));
    await fs.mkdir(dir);
    const [oursFile, baseFile, theirsFile] = ['ours', 'base', 'theirs'].map(
      name => path.join(dir, name),
    );
    await fs.writeFile(oursFile, o.content);
    await fs.writeFile(baseFile, b?.content ?? '');
    await fs.writeFile(theirsFile, t.content);
    const { stdout, code } = await runGit(
      [
        'merge-file',
        '-p',
        ...CONFLICT_LABELS.flatMap(label => ['-L', label]),
        oursFile,
        baseFile,
        theirsFile,
      ],
      // Exit code = number of conflicts (capped at 127); <0 is an error.
      { okCodes: Array.from({ length: 127 }, (_, i) => i + 1) },
    );
    const executable =
      b && o.executable !== b.executable ? o.executable : t.executable;
    writes.set(file, { content: stdout, executable });
    outcomes.set(file, code > 0 ? 'conflict' : 'merged');
  }
  return { writes, deletions, outcomes };
}

function sameFile(a: RenderedFile, b: RenderedFile): boolean {
  return a.content === b.content && a.executable === b.executable;
}
