import {
  CROSS_ACCOUNT_PULL_SID,
  lifecyclePolicyText,
  mergePullPolicy,
  sameJson,
} from './ecrPolicies';

const otherStatement = {
  Sid: 'CiPush',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::123456789012:role/ci' },
  Action: ['ecr:PutImage'],
};

describe('ECR policies', () => {
  it('adds the pull statement and keeps statements it does not own', () => {
    const current = JSON.stringify({
      Version: '2012-10-17',
      Statement: [otherStatement],
    });
    const merged = JSON.parse(mergePullPolicy(current, ['210987654321'])!);
    expect(merged.Statement).toEqual([
      otherStatement,
      expect.objectContaining({
        Sid: CROSS_ACCOUNT_PULL_SID,
        Principal: { AWS: ['arn:aws:iam::210987654321:root'] },
      }),
    ]);
  });

  it('replaces its own statement when the accounts change, and removes it for []', () => {
    const first = mergePullPolicy(undefined, ['210987654321'])!;
    const second = JSON.parse(mergePullPolicy(first, ['345678901234'])!);
    expect(second.Statement).toHaveLength(1);
    expect(second.Statement[0].Principal.AWS).toEqual([
      'arn:aws:iam::345678901234:root',
    ]);
    expect(mergePullPolicy(first, [])).toBeUndefined();
    const withOther = JSON.stringify({
      Version: '2012-10-17',
      Statement: [otherStatement, second.Statement[0]],
    });
    expect(JSON.parse(mergePullPolicy(withOther, [])!).Statement).toEqual([
      otherStatement,
    ]);
  });

  it('is stable: the same accounts in another order give the same policy', () => {
    expect(
      sameJson(
        mergePullPolicy(undefined, ['2', '1']),
        mergePullPolicy(undefined, ['1', '2']),
      ),
    ).toBe(true);
  });

  it('writes the lifecycle rules ECR expects', () => {
    const rules = JSON.parse(
      lifecyclePolicyText({ keepTaggedImages: 10, expireUntaggedAfterDays: 3 }),
    ).rules;
    expect(rules[0].selection).toEqual({
      tagStatus: 'untagged',
      countType: 'sinceImagePushed',
      countUnit: 'days',
      countNumber: 3,
    });
    expect(rules[1].selection).toMatchObject({
      tagStatus: 'tagged',
      countType: 'imageCountMoreThan',
      countNumber: 10,
    });
  });
});
