import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/*
 * Entity refs are written into upstream resources (ECR tags, Vault policy
 * comments, Argo CD annotations, GitOps file headers) and compared when read
 * back, so they are held in one canonical form: `kind:namespace/name`, lower
 * case (the catalog compares refs case-insensitively), and restricted to the
 * characters the catalog allows in names — nothing that could break out of a
 * comment, a tag value or a YAML line.
 */

const CANONICAL =
  /^[a-z][a-z0-9]*:[a-z0-9](?:[-_.]?[a-z0-9]+)*\/[a-z0-9](?:[-_.]?[a-z0-9]+)*$/;

/**
 * The canonical form of `value`, or undefined when it is not a valid ref.
 * `defaultKind` fills in a ref without kind (`spec.owner: team-a` means
 * `group:default/team-a`); `kinds` restricts the result.
 */
export function canonicalEntityRef(
  value: unknown,
  options: {
    defaultKind?: string;
    defaultNamespace?: string;
    kinds?: string[];
  } = {},
): string | undefined {
  if (typeof value !== 'string' || value.length > 200) return undefined;
  let ref: string;
  try {
    ref = stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind: options.defaultKind,
        defaultNamespace: options.defaultNamespace,
      }),
    );
  } catch {
    return undefined;
  }
  if (!CANONICAL.test(ref)) return undefined;
  if (options.kinds && !options.kinds.includes(ref.slice(0, ref.indexOf(':'))))
    return undefined;
  return ref;
}

/** Same entity, whatever the case or shorthand each side was written in. */
export function sameEntityRef(a: string, b: string): boolean {
  const ca = canonicalEntityRef(a);
  return ca !== undefined && ca === canonicalEntityRef(b);
}

/** `group:default/team-a` → `team-a`. */
export function entityName(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1);
}
