import { ConflictError } from '@backstage/errors';

/**
 * Who writes a pull-request branch and for what. The commit on the change
 * branch is authored and committed as `identity` and ends with `trailers`
 * (`Key: value` lines, git's trailer format), so a later run can tell its
 * own commit from anybody else's before it replaces it.
 */
export interface ChangeAuthorship {
  identity: { name: string; email: string };
  /** E.g. the action id and the ownership marker of the service. */
  trailers: Record<string, string>;
  /** For messages: e.g. `eks:argocd:register for component:default/x (owner group:default/a)`. */
  description: string;
}

/** A commit as GitHub's compare API lists it. */
export interface BranchCommit {
  sha: string;
  commit: {
    message: string;
    author?: { name?: string; email?: string } | null;
    committer?: { name?: string; email?: string } | null;
  };
}

const TRAILER = /^([A-Za-z0-9][A-Za-z0-9-]*): (.+)$/;

/** The commit message with the trailers as its last paragraph. */
export function withTrailers(
  message: string,
  trailers: Record<string, string>,
): string {
  const lines = Object.entries(trailers).map(([k, v]) => `${k}: ${v}`);
  return lines.length ? `${message.trimEnd()}\n\n${lines.join('\n')}` : message;
}

/** The trailers of a commit message: `Key: value` lines of its last paragraph. */
export function readTrailers(message: string): Record<string, string> {
  const paragraphs = message.trim().split(/\n\s*\n/);
  if (paragraphs.length < 2) return {};
  const lines = paragraphs[paragraphs.length - 1].split('\n');
  const trailers: Record<string, string> = {};
  for (const line of lines) {
    const match = TRAILER.exec(line.trim());
    if (!match) return {};
    trailers[match[1]] = match[2].trim();
  }
  return trailers;
}

function sameIdentity(
  person: { name?: string; email?: string } | null | undefined,
  identity: ChangeAuthorship['identity'],
): boolean {
  return (
    person?.name === identity.name &&
    person?.email?.toLowerCase() === identity.email.toLowerCase()
  );
}

/** Whether a commit was written by this change: identity and every trailer. */
export function isOwnCommit(
  commit: BranchCommit,
  authorship: ChangeAuthorship,
): boolean {
  const trailers = readTrailers(commit.commit.message);
  return (
    sameIdentity(commit.commit.author, authorship.identity) &&
    sameIdentity(commit.commit.committer, authorship.identity) &&
    Object.entries(authorship.trailers).every(([k, v]) => trailers[k] === v)
  );
}

function describeCommit(commit: BranchCommit): string {
  const author = commit.commit.author;
  const subject = commit.commit.message.split('\n')[0];
  return `${commit.sha.slice(0, 12)} by ${author?.name ?? 'unknown'} <${
    author?.email ?? 'unknown'
  }>: "${subject}"`;
}

/**
 * Decides whether the change branch may be replaced: only when every commit
 * it has beyond the base branch is this change's own single commit. A
 * branch with nothing beyond base (already merged) may be reused too.
 * Otherwise ConflictError, before any write, saying what is there and what
 * to do: the branch is never force-pushed over work this change did not
 * write.
 */
export function assertBranchIsOwn(options: {
  branch: string;
  baseBranch: string;
  repository: string;
  /** Commits on the branch that the base branch lacks, oldest first. */
  commits: BranchCommit[];
  authorship: ChangeAuthorship;
}): void {
  const { branch, baseBranch, repository, commits, authorship } = options;
  if (commits.length === 0) return;
  if (commits.length === 1 && isOwnCommit(commits[0], authorship)) return;
  const latest = commits[commits.length - 1];
  throw new ConflictError(
    `Branch "${branch}" in ${repository} has ${commits.length} commit${
      commits.length === 1 ? '' : 's'
    } that ${baseBranch} lacks and that ${
      authorship.description
    } did not write as one commit of its own (latest ${describeCommit(
      latest,
    )}). Nothing was changed: the branch is never force-pushed over work its writer did not make. Merge or close that work and delete the branch "${branch}", then run the task again.`,
  );
}
