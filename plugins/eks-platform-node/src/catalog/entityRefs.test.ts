import { canonicalEntityRef, entityName, sameEntityRef } from './entityRefs';

describe('canonicalEntityRef', () => {
  it('lower-cases and fills in the namespace', () => {
    expect(canonicalEntityRef('Component:Default/Payments-API')).toBe(
      'component:default/payments-api',
    );
    expect(canonicalEntityRef('group:team-a')).toBe('group:default/team-a');
  });

  it('fills in a default kind, as spec.owner does', () => {
    expect(canonicalEntityRef('team-a', { defaultKind: 'group' })).toBe(
      'group:default/team-a',
    );
    expect(canonicalEntityRef('team-a')).toBeUndefined();
  });

  it('restricts kinds when asked', () => {
    expect(
      canonicalEntityRef('user:default/jdoe', { kinds: ['group'] }),
    ).toBeUndefined();
    expect(canonicalEntityRef('group:default/a', { kinds: ['group'] })).toBe(
      'group:default/a',
    );
  });

  it.each([
    '',
    'group:default/',
    'group:default/team a',
    'group:default/team-a\n# injected',
    'group:default/a"b',
    'group:default/../x',
    42,
    undefined,
    `group:default/${'a'.repeat(300)}`,
  ])('refuses %j', value => {
    expect(canonicalEntityRef(value)).toBeUndefined();
  });
});

describe('sameEntityRef', () => {
  it('compares case-insensitively and never matches invalid refs', () => {
    expect(sameEntityRef('Group:default/A', 'group:default/a')).toBe(true);
    expect(sameEntityRef('group:default/a', 'group:default/b')).toBe(false);
    expect(sameEntityRef('x y', 'x y')).toBe(false);
  });
});

describe('entityName', () => {
  it('is the name part', () => {
    expect(entityName('group:default/team-a')).toBe('team-a');
  });
});
