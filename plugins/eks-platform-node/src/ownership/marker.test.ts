import { InputError } from '@backstage/errors';
import {
  MARKER_KEYS,
  markerFromMap,
  markerFromValues,
  markerToMap,
  ownershipMarker,
  sameOwnership,
} from './marker';

describe('ownershipMarker', () => {
  it('holds canonical refs; a bare owner name is a group', () => {
    expect(ownershipMarker('Component:default/Payments-API', 'team-a')).toEqual(
      {
        entityRef: 'component:default/payments-api',
        ownerRef: 'group:default/team-a',
      },
    );
  });

  it('refuses an owner that is not a group, naming the field', () => {
    expect(() =>
      ownershipMarker('component:default/x', 'user:default/jdoe', {
        entityRef: 'name',
        ownerRef: 'owner',
      }),
    ).toThrow(
      new InputError(
        'Invalid input "owner": "user:default/jdoe" is not a group; services on the platform are owned by a group such as "group:default/team-a".',
      ),
    );
  });

  it('refuses a malformed entity ref', () => {
    expect(() => ownershipMarker('x\n# owner', 'team-a')).toThrow(InputError);
  });
});

describe('reading markers back', () => {
  const marker = {
    entityRef: 'component:default/x',
    ownerRef: 'group:default/a',
  };

  it('round-trips through a string map under the documented keys', () => {
    expect(markerToMap(marker)).toEqual({
      'eks.platform/entity-ref': 'component:default/x',
      'eks.platform/owner-ref': 'group:default/a',
    });
    expect(markerFromMap(markerToMap(marker))).toEqual(marker);
  });

  it('is no marker when a half is missing or invalid', () => {
    expect(
      markerFromMap({ [MARKER_KEYS.entityRef]: 'component:default/x' }),
    ).toBeUndefined();
    expect(
      markerFromValues('component:default/x', 'not a ref'),
    ).toBeUndefined();
    expect(markerFromMap(null)).toBeUndefined();
  });

  it('compares service and owner', () => {
    expect(sameOwnership(marker, { ...marker })).toBe(true);
    expect(
      sameOwnership(marker, { ...marker, ownerRef: 'group:default/b' }),
    ).toBe(false);
  });
});
