import { EksPlatformStatusSource } from '@internal/backstage-plugin-eks-platform-node';
import { STATUS_SOURCES } from '@internal/backstage-plugin-eks-platform-common';

const SOURCE_ID = /^[a-z][a-z0-9-]{0,62}$/;

/** Added sources with ids that are valid and unique, or a start-up error naming the bad one. */
export function checkStatusSources(
  sources: EksPlatformStatusSource[],
): EksPlatformStatusSource[] {
  const seen = new Set<string>(STATUS_SOURCES);
  for (const source of sources) {
    if (!SOURCE_ID.test(source.id))
      throw new Error(
        `Status source id ${JSON.stringify(
          source.id,
        )} must be lower-case letters, digits and dashes, starting with a letter`,
      );
    if (seen.has(source.id))
      throw new Error(
        `Status source id "${source.id}" is used twice (or by a built-in source); give each source its own id`,
      );
    seen.add(source.id);
  }
  return sources;
}
