import { Config } from '@backstage/config';
import { canonicalEntityRef } from '../catalog/entityRefs';

/**
 * `eksPlatform.platformAdmins`: the groups whose members may use admin-only
 * inputs (`adoptExisting`). Canonical group refs; empty means nobody.
 */
export function readPlatformAdmins(config: Config): string[] {
  const key = 'eksPlatform.platformAdmins';
  return (config.getOptionalStringArray(key) ?? []).map((value, i) => {
    const ref = canonicalEntityRef(value, {
      defaultKind: 'group',
      kinds: ['group'],
    });
    if (!ref) {
      throw new Error(
        `${key}[${i}] must be a group entity ref such as "group:default/platform", got "${value}"`,
      );
    }
    return ref;
  });
}
