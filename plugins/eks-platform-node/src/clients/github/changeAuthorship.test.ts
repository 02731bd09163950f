import { ConflictError } from '@backstage/errors';
import {
  assertBranchIsOwn,
  isOwnCommit,
  readTrailers,
  withTrailers,
} from './changeAuthorship';

const identity = { name: 'EKS Platform', email: 'eks@example.com' };
const authorship = {
  identity,
  trailers: { 'Eks-Platform-Action': 'eks:argocd:register' },
  description: 'eks:argocd:register for component:default/cart',
};
const commit = (message: string, author = identity, committer = identity) => ({
  sha: 'a'.repeat(40),
  commit: { message, author, committer },
});

describe('change authorship', () => {
  it('writes trailers as the last paragraph and reads them back', () => {
    const message = withTrailers('Register cart\n', {
      'Eks-Platform-Action': 'eks:argocd:register',
      'Eks-Platform-Entity-Ref': 'component:default/cart',
    });
    expect(readTrailers(message)).toEqual({
      'Eks-Platform-Action': 'eks:argocd:register',
      'Eks-Platform-Entity-Ref': 'component:default/cart',
    });
  });

  it('reads no trailers from a message without a trailer paragraph', () => {
    expect(readTrailers('one line')).toEqual({});
    expect(readTrailers('subject\n\nbody text that is prose')).toEqual({});
  });

  it('knows its own commit by identity and trailers only', () => {
    const own = withTrailers('x', authorship.trailers);
    expect(isOwnCommit(commit(own), authorship)).toBe(true);
    expect(isOwnCommit(commit('x'), authorship)).toBe(false);
    expect(
      isOwnCommit(
        commit(own, { name: 'Mallory', email: 'eks@example.com' }),
        authorship,
      ),
    ).toBe(false);
    expect(
      isOwnCommit(commit(own, identity, { name: 'x', email: 'y' }), authorship),
    ).toBe(false);
  });

  it('lets an empty or own single-commit branch pass and refuses anything else', () => {
    const args = {
      branch: 'b',
      baseBranch: 'main',
      repository: 'platform/gitops',
      authorship,
    };
    const own = commit(withTrailers('x', authorship.trailers));
    expect(() => assertBranchIsOwn({ ...args, commits: [] })).not.toThrow();
    expect(() => assertBranchIsOwn({ ...args, commits: [own] })).not.toThrow();
    expect(() => assertBranchIsOwn({ ...args, commits: [own, own] })).toThrow(
      ConflictError,
    );
    expect(() =>
      assertBranchIsOwn({ ...args, commits: [commit('hand-made')] }),
    ).toThrow(/has 1 commit that main lacks/);
  });
});
