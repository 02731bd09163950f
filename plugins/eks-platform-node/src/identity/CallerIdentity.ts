import { NotAllowedError } from '@backstage/errors';
import { canonicalEntityRef } from '../catalog/entityRefs';

/**
 * Who runs a task: the user and every entity they may act for (their own
 * ref and their groups, from the sign-in token and the catalog).
 */
export class CallerIdentity {
  /** Canonical refs: the user first, then groups, no duplicates. */
  readonly ownershipEntityRefs: string[];
  readonly isPlatformAdmin: boolean;

  constructor(
    readonly userEntityRef: string,
    ownershipEntityRefs: string[],
    platformAdmins: string[],
  ) {
    const refs = [userEntityRef, ...ownershipEntityRefs]
      .map(ref => canonicalEntityRef(ref))
      .filter((ref): ref is string => ref !== undefined);
    this.ownershipEntityRefs = [...new Set(refs)];
    this.isPlatformAdmin = platformAdmins.some(admin =>
      this.ownershipEntityRefs.includes(admin),
    );
  }

  /** Whether the user is (directly) a member of the group. */
  isMemberOf(groupRef: string): boolean {
    const group = canonicalEntityRef(groupRef, { defaultKind: 'group' });
    return group !== undefined && this.ownershipEntityRefs.includes(group);
  }

  /**
   * Throws NotAllowedError unless the user is a member of the group that
   * owns `what` (e.g. `component:default/payments`). Platform admins are not
   * members by default: an action that lets them through says so itself.
   */
  requireMemberOf(groupRef: string, what: string): void {
    if (this.isMemberOf(groupRef)) return;
    const group =
      canonicalEntityRef(groupRef, { defaultKind: 'group' }) ?? groupRef;
    throw new NotAllowedError(
      `${this.userEntityRef} is not a member of ${group}, which owns ${what}; nothing was changed. Ask a member of ${group} to run this, or have yourself added to the group in the catalog (the group's spec.members or your spec.memberOf).`,
    );
  }
}
