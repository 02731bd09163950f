import { runGit } from '../../shared/runGit';
import type { RouteContext } from '../api/router';
import type { StoredPull, StoredRepo } from '../model/store';

/** The media types GitHub answers with a pull request's diff instead of JSON. */
export function wantsDiff(ctx: RouteContext): boolean {
  const accept = String(ctx.req.headers.accept ?? '');
  return /application\/vnd\.github(\.v3)?\.diff/.test(accept);
}

/**
 * A pull request's diff: what its head changes since it left the base
 * branch (`git diff` from their merge base to the head), as GitHub serves it
 * for `Accept: application/vnd.github.diff`. The simulator always writes
 * full blob ids (`--full-index`) and never detects renames, so the text does
 * not depend on how many objects the repository has.
 */
export async function sendPullDiff(
  ctx: RouteContext,
  repo: StoredRepo,
  pull: StoredPull,
): Promise<'sent'> {
  const head =
    (await repo.git.readRef(`refs/heads/${pull.head}`)) ?? pull.headShaAtClose;
  const base =
    (pull.merged ? pull.baseShaAtCreate : undefined) ??
    (await repo.git.readRef(`refs/heads/${pull.base}`)) ??
    pull.baseShaAtCreate;
  let diff = '';
  if (head && base) {
    const mergeBase = (
      await repo.git.git(['merge-base', base, head]).catch(() => '')
    ).trim();
    // runGit, not gitText: a diff keeps its final newline.
    const { stdout } = await runGit(repo.git.gitDir, [
      'diff',
      '--no-color',
      '--no-renames',
      '--full-index',
      mergeBase || base,
      head,
    ]);
    diff = stdout.toString('utf8');
  }
  ctx.res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  ctx.res.end(diff);
  return 'sent';
}
