import { RootConfigService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** The config key naming the groups whose members may do everything. */
export const PLATFORM_ADMINS_KEY = 'eksPlatform.platformAdmins';

/**
 * The platform-admin groups from `eksPlatform.platformAdmins`, as normalised
 * entity refs (`group:default/team-platform`), so they compare equal to the
 * ownership refs of a user's token.
 *
 * A tiny local reader: the shared config readers of `eks-platform-node`
 * will own this key once both branches are merged.
 */
export function readPlatformAdmins(config: RootConfigService): Set<string> {
  const refs = config.getOptionalStringArray(PLATFORM_ADMINS_KEY) ?? [];
  return new Set(
    refs.map((raw, index) => {
      let ref;
      try {
        ref = parseEntityRef(raw.trim(), {
          defaultKind: 'group',
          defaultNamespace: 'default',
        });
      } catch (e) {
        throw new Error(
          `${PLATFORM_ADMINS_KEY}[${index}] '${raw}' is not an entity ref; write it like group:default/team-platform`,
        );
      }
      if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
        throw new Error(
          `${PLATFORM_ADMINS_KEY}[${index}] '${raw}' is a ${ref.kind}; list groups only (group:default/<name>), membership comes from the catalog`,
        );
      }
      return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
    }),
  );
}

/** Whether any of the user's ownership refs is a platform-admin group. */
export function isPlatformAdmin(
  admins: ReadonlySet<string>,
  ownershipEntityRefs: readonly string[],
): boolean {
  return ownershipEntityRefs.some(ref =>
    admins.has(ref.toLocaleLowerCase('en-US')),
  );
}
