/**
 * Whether any of the user's ownership refs is a platform-admin group. The
 * admin groups come from `readPlatformAdmins` of eks-platform-node, which
 * holds them as canonical (lower-case) refs, as the token's refs are compared.
 */
export function isPlatformAdmin(
  admins: ReadonlySet<string>,
  ownershipEntityRefs: readonly string[],
): boolean {
  return ownershipEntityRefs.some(ref =>
    admins.has(ref.toLocaleLowerCase('en-US')),
  );
}
