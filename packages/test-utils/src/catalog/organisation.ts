import { Entity } from '@backstage/catalog-model';

/*
 * A small organisation for trust and ownership tests: two product teams, a
 * platform team (whose members the tests make platform admins) and a user in
 * no team. Users carry the memberOf relations the catalog computes, so the
 * real DefaultCallerIdentityService resolves them as in the portal.
 */

export const TEAM_A = 'group:default/team-a';
export const TEAM_B = 'group:default/team-b';
export const PLATFORM = 'group:default/platform';
/** Member of team-a. */
export const ALICE = 'user:default/alice';
/** Member of team-b. */
export const BOB = 'user:default/bob';
/** Member of the platform team: a platform admin, in no product team. */
export const ROOT = 'user:default/root';
/** In no group at all. */
export const CAROL = 'user:default/carol';

/** A team Group in the default namespace, as the catalog holds it. */
export function groupEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

/** The User `userRef` (e.g. `user:default/alice`), member of `groupRefs`, with the memberOf relations the catalog computes. */
export function userEntity(userRef: string, groupRefs: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: userRef.slice(userRef.indexOf('/') + 1),
      namespace: 'default',
    },
    spec: { memberOf: groupRefs },
    relations: groupRefs.map(targetRef => ({ type: 'memberOf', targetRef })),
  };
}

/** The organisation's groups and users, ready for a catalog mock. */
export const ORGANISATION: Entity[] = [
  groupEntity('team-a'),
  groupEntity('team-b'),
  groupEntity('platform'),
  userEntity(ALICE, [TEAM_A]),
  userEntity(BOB, [TEAM_B]),
  userEntity(ROOT, [PLATFORM]),
  userEntity(CAROL, []),
];
