import { ConflictError } from '@backstage/errors';

/*
 * Deployment environment protection, merged so that an update only ever
 * adds protection: existing reviewers and branch rules are kept, the
 * stricter of old and new wins, and nothing is ever removed. Pure: the
 * caller reads the environment from GitHub and writes the result.
 */

export interface Reviewer {
  type: 'User' | 'Team';
  id: number;
}

/** `deployment_branch_policy` as GitHub stores it; null: any branch may deploy. */
export type BranchPolicy = {
  protected_branches: boolean;
  custom_branch_policies: boolean;
} | null;

export interface Protection {
  reviewers: Reviewer[];
  preventSelfReview: boolean;
  waitTimer: number;
  branchPolicy: BranchPolicy;
  /** Name patterns of a custom branch policy. */
  branchPatterns: string[];
}

export interface MergedProtection extends Protection {
  /** Patterns to add to the custom branch policy. */
  addPatterns: string[];
  /** Requested patterns left out because they would let more branches deploy. */
  widening: string[];
}

/** GitHub allows at most six required reviewers per environment. */
export const MAX_REVIEWERS = 6;

const key = (r: Reviewer) => `${r.type}:${r.id}`;

/** The protection an environment has, from GET …/environments/:name. */
export function currentProtection(
  environment: any,
  branchPatterns: string[],
): Protection {
  const rules: any[] = environment?.protection_rules ?? [];
  const reviewersRule = rules.find(r => r.type === 'required_reviewers');
  return {
    reviewers: (reviewersRule?.reviewers ?? []).map((r: any) => ({
      type: r.type,
      id: Number(r.reviewer?.id),
    })),
    preventSelfReview: Boolean(reviewersRule?.prevent_self_review),
    waitTimer: Number(
      rules.find(r => r.type === 'wait_timer')?.wait_timer ?? 0,
    ),
    branchPolicy: environment?.deployment_branch_policy ?? null,
    branchPatterns,
  };
}

/**
 * The protection to write: reviewers of both (existing first), the longer
 * wait timer, self-review prevented if either prevents it, and the existing
 * branch rule kept unless there was none. A requested pattern is added only
 * where no branch rule existed; on an existing rule it would widen who may
 * deploy, so it is reported in `widening` instead.
 * ConflictError when keeping the existing reviewers and adding the
 * requested ones would exceed GitHub's six, before anything is written.
 */
export function mergeProtection(
  environment: string,
  current: Protection | undefined,
  wanted: Omit<Protection, 'branchPolicy'> & { deploymentBranches?: string[] },
): MergedProtection {
  const existing = current?.reviewers ?? [];
  const reviewers = [
    ...existing,
    ...wanted.reviewers.filter(r => !existing.some(e => key(e) === key(r))),
  ];
  if (reviewers.length > MAX_REVIEWERS) {
    throw new ConflictError(
      `GitHub environment "${environment}" already has ${existing.length} required reviewer(s); adding the requested ones would make ${reviewers.length}, more than GitHub's ${MAX_REVIEWERS}, and existing reviewers are never removed; nothing was changed. Ask a repository admin to reduce them, or request fewer.`,
    );
  }
  const requested = wanted.deploymentBranches;
  let branchPolicy: BranchPolicy = current?.branchPolicy ?? null;
  let addPatterns: string[] = [];
  let widening: string[] = [];
  const patterns = current?.branchPatterns ?? [];
  if (requested?.length) {
    if (branchPolicy === null) {
      branchPolicy = {
        protected_branches: false,
        custom_branch_policies: true,
      };
      addPatterns = requested;
    } else if (branchPolicy.custom_branch_policies) {
      widening = requested.filter(p => !patterns.includes(p));
    } else {
      // Protected branches only: stricter than any pattern list.
      widening = requested;
    }
  }
  return {
    reviewers,
    preventSelfReview:
      (current?.preventSelfReview ?? false) || wanted.preventSelfReview,
    waitTimer: Math.max(current?.waitTimer ?? 0, wanted.waitTimer),
    branchPolicy,
    branchPatterns: [...patterns, ...addPatterns],
    addPatterns,
    widening,
  };
}

/** Whether writing `merged` would change nothing GitHub returns for `current`. */
export function sameProtection(
  current: Protection,
  merged: MergedProtection,
): boolean {
  const set = (rs: Reviewer[]) => rs.map(key).sort().join(',');
  return (
    set(current.reviewers) === set(merged.reviewers) &&
    current.waitTimer === merged.waitTimer &&
    JSON.stringify(current.branchPolicy) ===
      JSON.stringify(merged.branchPolicy) &&
    merged.addPatterns.length === 0 &&
    // GitHub shows prevent_self_review only with reviewers.
    (merged.reviewers.length === 0 ||
      current.preventSelfReview === merged.preventSelfReview)
  );
}
