import { ConflictError } from '@backstage/errors';
import {
  Protection,
  mergeProtection,
  sameProtection,
} from './environmentProtection';

const user = (id: number) => ({ type: 'User' as const, id });
const team = (id: number) => ({ type: 'Team' as const, id });
const CUSTOM = { protected_branches: false, custom_branch_policies: true };
const PROTECTED = { protected_branches: true, custom_branch_policies: false };

const existing = (overrides: Partial<Protection> = {}): Protection => ({
  reviewers: [user(1)],
  preventSelfReview: true,
  waitTimer: 30,
  branchPolicy: CUSTOM,
  branchPatterns: ['main', 'release/*'],
  ...overrides,
});
const wanted = (overrides: object = {}) => ({
  reviewers: [team(9)],
  preventSelfReview: false,
  waitTimer: 0,
  branchPatterns: [],
  deploymentBranches: ['main'],
  ...overrides,
});

describe('mergeProtection', () => {
  it('creates what is asked for where nothing exists', () => {
    expect(mergeProtection('prod', undefined, wanted())).toEqual({
      reviewers: [team(9)],
      preventSelfReview: false,
      waitTimer: 0,
      branchPolicy: CUSTOM,
      branchPatterns: ['main'],
      addPatterns: ['main'],
      widening: [],
    });
  });

  it('keeps every existing reviewer and adds the requested ones', () => {
    const merged = mergeProtection('prod', existing(), wanted());
    expect(merged.reviewers).toEqual([user(1), team(9)]);
  });

  it('never weakens: the longer timer and self-review prevention win', () => {
    const merged = mergeProtection('prod', existing(), wanted());
    expect(merged).toMatchObject({ waitTimer: 30, preventSelfReview: true });
    expect(
      mergeProtection(
        'prod',
        existing({ waitTimer: 5, preventSelfReview: false }),
        wanted({ waitTimer: 10, preventSelfReview: true }),
      ),
    ).toMatchObject({ waitTimer: 10, preventSelfReview: true });
  });

  it('keeps an existing branch rule and adds no pattern that would widen it', () => {
    const merged = mergeProtection(
      'prod',
      existing(),
      wanted({ deploymentBranches: ['main', 'feature/*'] }),
    );
    expect(merged).toMatchObject({
      branchPolicy: CUSTOM,
      branchPatterns: ['main', 'release/*'],
      addPatterns: [],
      widening: ['feature/*'],
    });
    expect(
      mergeProtection(
        'prod',
        existing({ branchPolicy: PROTECTED, branchPatterns: [] }),
        wanted(),
      ),
    ).toMatchObject({ branchPolicy: PROTECTED, widening: ['main'] });
  });

  it('adds a branch rule where any branch could deploy', () => {
    expect(
      mergeProtection(
        'dev',
        existing({ branchPolicy: null, branchPatterns: [] }),
        wanted(),
      ),
    ).toMatchObject({ branchPolicy: CUSTOM, addPatterns: ['main'] });
  });

  it('leaves a branch rule alone when none is requested', () => {
    expect(
      mergeProtection(
        'dev',
        existing(),
        wanted({ deploymentBranches: undefined }),
      ),
    ).toMatchObject({ branchPolicy: CUSTOM, addPatterns: [], widening: [] });
  });

  it('refuses, before any write, to go beyond six reviewers', () => {
    const six = existing({ reviewers: [1, 2, 3, 4, 5, 6].map(user) });
    expect(() => mergeProtection('prod', six, wanted())).toThrow(ConflictError);
    expect(() => mergeProtection('prod', six, wanted())).toThrow(
      'GitHub environment "prod" already has 6 required reviewer(s); adding the requested ones would make 7',
    );
    // Asking for reviewers that are already there is fine.
    expect(
      mergeProtection('prod', six, wanted({ reviewers: [user(3)] })).reviewers,
    ).toHaveLength(6);
  });
});

describe('sameProtection', () => {
  it('says a re-run with what exists changes nothing', () => {
    const current = existing();
    expect(
      sameProtection(
        current,
        mergeProtection('prod', current, wanted({ reviewers: [user(1)] })),
      ),
    ).toBe(true);
    expect(
      sameProtection(current, mergeProtection('prod', current, wanted())),
    ).toBe(false);
  });
});
