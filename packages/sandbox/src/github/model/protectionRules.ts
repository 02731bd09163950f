import type { StoredRepo } from './store';

export interface EnforcedRules {
  requirePullRequest: boolean;
  allowForcePushes: boolean;
  allowDeletions: boolean;
}

/**
 * The protection rules that bind the sandbox token for a branch. The token
 * is a repository admin, and GitHub lets admins bypass protection unless
 * `enforce_admins` is on; so unenforced protection binds nobody here.
 */
export function enforcedRules(
  repo: StoredRepo,
  branch: string,
): EnforcedRules | undefined {
  const p = repo.branchProtection.get(branch) as
    | Record<string, any>
    | undefined;
  if (!p?.enforce_admins) return undefined;
  return {
    requirePullRequest: Boolean(p.required_pull_request_reviews),
    allowForcePushes: Boolean(p.allow_force_pushes),
    allowDeletions: Boolean(p.allow_deletions),
  };
}
