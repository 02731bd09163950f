import { NotAllowedError } from '@backstage/errors';
import { CallerIdentity } from './CallerIdentity';

describe('CallerIdentity', () => {
  const alice = new CallerIdentity(
    'user:default/alice',
    ['user:default/alice', 'Group:default/Team-A', 'not a ref'],
    ['group:default/platform'],
  );

  it('holds canonical, unique ownership refs', () => {
    expect(alice.ownershipEntityRefs).toEqual([
      'user:default/alice',
      'group:default/team-a',
    ]);
  });

  it('answers membership, whatever the case or shorthand', () => {
    expect(alice.isMemberOf('group:default/team-a')).toBe(true);
    expect(alice.isMemberOf('team-a')).toBe(true);
    expect(alice.isMemberOf('group:default/team-b')).toBe(false);
    expect(alice.isPlatformAdmin).toBe(false);
  });

  it('knows platform admins by their groups', () => {
    expect(
      new CallerIdentity(
        'user:default/root',
        ['group:default/platform'],
        ['group:default/platform'],
      ).isPlatformAdmin,
    ).toBe(true);
  });

  it('refuses a non-member, naming the user, the group and the fix', () => {
    expect(() =>
      alice.requireMemberOf(
        'group:default/team-b',
        'component:default/billing',
      ),
    ).toThrow(
      new NotAllowedError(
        "user:default/alice is not a member of group:default/team-b, which owns component:default/billing; nothing was changed. Ask a member of group:default/team-b to run this, or have yourself added to the group in the catalog (the group's spec.members or your spec.memberOf).",
      ),
    );
    expect(() =>
      alice.requireMemberOf('team-a', 'component:default/cart'),
    ).not.toThrow();
  });
});
