import { InputError } from '@backstage/errors';
import {
  checkAwsRegion,
  checkEcrRepositoryName,
  checkEntityRef,
  checkIamRoleArn,
  checkKmsKey,
  checkRepoRelativePath,
  checkVaultPath,
  ttlSeconds,
} from './inputs';

describe('input checks', () => {
  it.each(['payments', 'team/payments-api', 'a.b_c-d/e'])(
    'accepts ECR name %s',
    name => {
      expect(checkEcrRepositoryName('n', name)).toBe(name);
    },
  );
  it.each(['A', 'x', '/abs', 'a//b', 'a/', 'a..b/../c', 'with space'])(
    'rejects ECR name %s',
    name => {
      expect(() => checkEcrRepositoryName('n', name)).toThrow(InputError);
    },
  );
  it.each(['eu-west-1', 'us-gov-west-1', 'ap-southeast-2'])(
    'accepts region %s',
    r => {
      expect(checkAwsRegion('r', r)).toBe(r);
    },
  );
  it.each([
    '1234abcd-12ab-34cd-56ef-1234567890ab',
    'alias/ecr',
    'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  ])('accepts KMS key %s', k => {
    expect(checkKmsKey('k', k)).toBe(k);
  });
  it('checks role ARNs', () => {
    expect(() =>
      checkIamRoleArn('a', 'arn:aws:iam::123456789012:role/ci/push'),
    ).not.toThrow();
    expect(() =>
      checkIamRoleArn('a', 'arn:aws:iam::123456789012:user/bob'),
    ).toThrow(/role ARN/);
  });
  it.each(['a/../b', '*', 'a/+/b', '/lead', 'trail/', 'a//b', '.'])(
    'rejects Vault path %s',
    p => {
      expect(() => checkVaultPath('p', p)).toThrow(InputError);
    },
  );
  it.each(['../x', '/etc', 'a/../b', 'a//b'])(
    'rejects repository path %s',
    p => {
      expect(() => checkRepoRelativePath('p', p)).toThrow(InputError);
    },
  );
  it('converts TTLs', () => {
    expect(ttlSeconds('90')).toBe(90);
    expect(ttlSeconds('15m')).toBe(900);
    expect(ttlSeconds('4h')).toBe(14400);
    expect(ttlSeconds('1d')).toBe(86400);
  });
});

describe('checkEntityRef', () => {
  const component = { example: 'component:default/orders' };

  it('answers the canonical ref of an entity of the kind', () => {
    expect(
      checkEntityRef('entityRef', 'Component:Orders', 'component', component),
    ).toBe('component:default/orders');
  });

  it('reads a bare name as the kind only when allowed', () => {
    expect(
      checkEntityRef('owner', 'team-a', 'group', {
        example: 'group:default/team-a',
        allowBareName: true,
      }),
    ).toBe('group:default/team-a');
    expect(() =>
      checkEntityRef('owner', 'team-a', 'group', {
        example: 'group:default/team-a',
      }),
    ).toThrow(InputError);
  });

  it.each([
    ['another kind', 'user:default/jdoe'],
    ['no name', 'component:'],
    ['a space in the name', 'component:default/a b'],
    ['a number', 42],
    ['nothing', undefined],
    ['an over-long ref', `component:default/${'a'.repeat(250)}`],
  ])('refuses %s, naming the field and the form to use', (_, value) => {
    expect(() =>
      checkEntityRef('services[0].entityRef', value, 'component', component),
    ).toThrow(
      /^Invalid input "services\[0\]\.entityRef": .* is not a Component entity ref; use e\.g\. "component:default\/orders"\.$/,
    );
  });
});
