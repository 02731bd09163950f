import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ALICE,
  BOB,
  CAROL,
  ORGANISATION,
  PLATFORM,
  ROOT,
  TEAM_A,
  TEAM_B,
  userEntity,
} from './organisation';

describe('the test organisation', () => {
  const byRef = new Map(ORGANISATION.map(e => [stringifyEntityRef(e), e]));

  it('holds every group and user its constants name, under those refs', () => {
    for (const ref of [TEAM_A, TEAM_B, PLATFORM, ALICE, BOB, ROOT, CAROL]) {
      expect(byRef.has(ref)).toBe(true);
    }
    expect(ORGANISATION).toHaveLength(7);
  });

  it('gives users the memberOf relations the caller identity reads', () => {
    expect(byRef.get(ALICE)?.relations).toEqual([
      { type: 'memberOf', targetRef: TEAM_A },
    ]);
    expect(byRef.get(ROOT)?.relations).toEqual([
      { type: 'memberOf', targetRef: PLATFORM },
    ]);
    expect(byRef.get(CAROL)?.relations).toEqual([]);
  });

  it('names a user after the part of its ref behind the namespace', () => {
    expect(userEntity('user:default/dana', []).metadata.name).toBe('dana');
  });
});
