import { InputError } from '@backstage/errors';
import { canonicalEntityRef } from '../catalog/entityRefs';

/**
 * Who a platform resource belongs to: the catalog entity it was created for
 * (`component:default/payments-api`) and the group that owns that entity
 * (`group:default/team-a`). Every action writes it on what it creates and
 * reads it back before it changes anything.
 */
export interface OwnershipMarker {
  entityRef: string;
  ownerRef: string;
}

/**
 * The key names under which markers are stored where an upstream takes
 * key/value pairs: ECR tags, Vault alias_metadata and KV custom_metadata,
 * Argo CD annotations, comment headers.
 */
export const MARKER_KEYS = {
  entityRef: 'eks.platform/entity-ref',
  ownerRef: 'eks.platform/owner-ref',
} as const;

/**
 * A marker for what an action is asked to create or change, from the
 * service's entity ref and its owning group (`spec.owner` of the existing
 * entity, or the owner chosen in the form). Throws InputError naming the
 * field when either is not a valid ref; bare owner names mean groups, as
 * `spec.owner` does.
 */
export function ownershipMarker(
  entityRef: string,
  ownerRef: string,
  fields: { entityRef: string; ownerRef: string } = {
    entityRef: 'entityRef',
    ownerRef: 'owner',
  },
): OwnershipMarker {
  const entity = canonicalEntityRef(entityRef);
  if (!entity) {
    throw new InputError(
      `Invalid input "${fields.entityRef}": ${JSON.stringify(
        entityRef,
      )} is not an entity ref; use "component:<namespace>/<name>".`,
    );
  }
  const owner = canonicalEntityRef(ownerRef, {
    defaultKind: 'group',
    kinds: ['group'],
  });
  if (!owner) {
    throw new InputError(
      `Invalid input "${fields.ownerRef}": ${JSON.stringify(
        ownerRef,
      )} is not a group; services on the platform are owned by a group such as "group:default/team-a".`,
    );
  }
  return { entityRef: entity, ownerRef: owner };
}

/**
 * Reads a marker from two stored values; undefined unless both are valid
 * refs (a half-written or hand-edited marker is no marker at all).
 */
export function markerFromValues(
  entityRef: unknown,
  ownerRef: unknown,
): OwnershipMarker | undefined {
  const entity = canonicalEntityRef(entityRef);
  const owner = canonicalEntityRef(ownerRef);
  return entity && owner ? { entityRef: entity, ownerRef: owner } : undefined;
}

/** Reads a marker from a string map (tags, annotations, metadata). */
export function markerFromMap(
  map: Record<string, unknown> | null | undefined,
): OwnershipMarker | undefined {
  if (!map || typeof map !== 'object') return undefined;
  return markerFromValues(
    map[MARKER_KEYS.entityRef],
    map[MARKER_KEYS.ownerRef],
  );
}

/** The marker as a string map, for tags, annotations and metadata. */
export function markerToMap(marker: OwnershipMarker): Record<string, string> {
  return {
    [MARKER_KEYS.entityRef]: marker.entityRef,
    [MARKER_KEYS.ownerRef]: marker.ownerRef,
  };
}

/** Same service and same owner. */
export function sameOwnership(a: OwnershipMarker, b: OwnershipMarker): boolean {
  return a.entityRef === b.entityRef && a.ownerRef === b.ownerRef;
}
