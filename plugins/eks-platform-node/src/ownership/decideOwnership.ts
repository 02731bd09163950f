import { ConflictError, NotAllowedError } from '@backstage/errors';
import { OwnershipMarker, sameOwnership } from './marker';

/**
 * - `create`: the resource does not exist; create it with the marker.
 * - `reconcile`: it exists with the same service and owner; reconcile as
 *   before (this is what "idempotent" means: the same owner asking again).
 * - `adopt`: it exists without a marker and a platform admin asked to adopt
 *   it; reconcile it and write the marker.
 */
export type OwnershipDecision = 'create' | 'reconcile' | 'adopt';

/** Who is asking: CallerIdentity satisfies this. */
export interface OwnershipCaller {
  userEntityRef: string;
  isPlatformAdmin: boolean;
}

export interface OwnershipQuestion {
  /** The resource, as a user would find it, e.g. `ECR repository "payments" in 123456789012/eu-west-1`. */
  resource: string;
  /** Whether the resource exists at all. */
  exists: boolean;
  /** The marker read from the existing resource, if it has one. */
  found?: OwnershipMarker;
  /** Service and owner the action runs for. */
  requested: OwnershipMarker;
  /** The action input `adoptExisting: true`. */
  adoptExisting?: boolean;
  caller: OwnershipCaller;
}

/**
 * Refuses `adoptExisting: true` from anyone but a platform admin. The
 * permission policy already denies the input to others; actions call this
 * too, before any side effect, so a misconfigured policy cannot open it.
 */
export function assertMayAdopt(
  caller: OwnershipCaller,
  adoptExisting: boolean | undefined,
): void {
  if (adoptExisting && !caller.isPlatformAdmin) {
    throw new NotAllowedError(
      `${caller.userEntityRef} may not use "adoptExisting": only members of the groups in eksPlatform.platformAdmins may adopt an existing resource. Leave it out, or ask a platform admin to run the adoption.`,
    );
  }
}

function describe(marker: OwnershipMarker): string {
  return `${marker.entityRef} (owner ${marker.ownerRef})`;
}

/**
 * The one ownership decision every action makes before it changes a
 * resource, from the marker it read. Throws, before any side effect:
 * - ConflictError when the resource belongs to another service or owner,
 *   or carries no marker and nobody asked to adopt it;
 * - NotAllowedError when someone who is not a platform admin asks to adopt.
 * Pure: the caller reads the resource first and writes only after this.
 */
export function decideOwnership(
  question: OwnershipQuestion,
): OwnershipDecision {
  const { resource, exists, found, requested, adoptExisting, caller } =
    question;
  assertMayAdopt(caller, adoptExisting);
  if (!exists) return 'create';
  if (found && sameOwnership(found, requested)) return 'reconcile';
  if (found) {
    const sameService = found.entityRef === requested.entityRef;
    throw new ConflictError(
      `${resource} belongs to ${describe(found)}, not to ${describe(
        requested,
      )}. ${
        sameService
          ? `If ${requested.ownerRef} now owns the service, ask ${found.ownerRef} or a platform admin to hand the resource over`
          : `Choose another name, or ask ${found.ownerRef} about the resource`
      }; nothing was changed.${
        adoptExisting
          ? ' "adoptExisting" only applies to resources without an owner marker.'
          : ''
      }`,
    );
  }
  if (adoptExisting) return 'adopt';
  throw new ConflictError(
    `${resource} already exists and has no owner marker, so it may belong to another team; nothing was changed. Choose another name, or ask a platform admin (eksPlatform.platformAdmins) to adopt it for ${describe(
      requested,
    )} with "adoptExisting: true".`,
  );
}
