import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogApi,
  defaultEntityPresentation,
} from '@backstage/plugin-catalog-react';

/*
 * Display names of the entity refs a form field holds, for the Review step
 * only: the backend never reads them (they are form parameters no step
 * uses), so whatever reaches it here is shown, never trusted.
 */

/** Control characters, line/paragraph separators and bidirectional overrides: never shown. */
const UNPRINTABLE =
  // The control characters are what this matches.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The refs a picker's value holds: one ref (EntityPicker, OwnerPicker) or a list (MultiEntityPicker). */
export function refsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter(
    (ref): ref is string => typeof ref === 'string' && ref.trim() !== '',
  );
}

/** One line of printable text of at most `maxLength` characters. */
export function printable(text: string, maxLength: number): string {
  const line = text.replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').trim();
  return line.length <= maxLength
    ? line
    : `${line.slice(0, Math.max(0, maxLength - 1)).trimEnd()}…`;
}

function fullRef(ref: string, defaultKind: string | undefined) {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    // Not a ref (the schema's own pattern says so on its field).
    return undefined;
  }
}

/**
 * The catalog's display name of each ref (a group's `spec.profile.displayName`,
 * else `metadata.title`, else the ref without its default kind and
 * namespace: Backstage's `defaultEntityPresentation`), in one catalog
 * request made with the user's own token, so the user sees only what the
 * catalog's permission policy lets them read. A ref the catalog does not
 * return, or a failed request, shows as its short ref.
 */
export async function displayNamesOf(
  refs: string[],
  options: { catalogApi: CatalogApi; defaultKind?: string },
): Promise<string[]> {
  const { catalogApi, defaultKind } = options;
  const context = { defaultKind, defaultNamespace: 'default' };
  const full = refs.map(ref => fullRef(ref, defaultKind));
  const lookup = [...new Set(full.filter((r): r is string => !!r))];
  const found = new Map<string, Entity>();
  if (lookup.length > 0) {
    try {
      const { items } = await catalogApi.getEntitiesByRefs({
        entityRefs: lookup,
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.title',
          'spec.profile.displayName',
        ],
      });
      items.forEach((entity, i) => {
        if (entity) found.set(lookup[i], entity);
      });
    } catch {
      // Display only: the short refs below are still readable.
    }
  }
  return refs.map((ref, i) => {
    const entity = full[i] ? found.get(full[i]!) : undefined;
    if (!full[i]) return ref;
    return defaultEntityPresentation(entity ?? full[i]!, context).primaryTitle;
  });
}
