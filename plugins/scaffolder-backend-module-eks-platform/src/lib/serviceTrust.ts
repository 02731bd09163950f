import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CallerIdentity,
  CallerIdentityService,
  OwnershipMarker,
  PlatformPolicy,
  ResolvedTeam,
  TaskInitiator,
  adoptExistingInputSchema,
  assertMayAdopt,
  canonicalEntityRef,
  decideOwnership,
  entityName,
  OwnershipDecision,
  ownershipMarker,
  readEntityMarker,
  resolveTeam,
} from '@internal/backstage-plugin-eks-platform-node';
import { z } from 'zod/v3';

/**
 * What an action needs to know who may change a service's resources: who
 * runs the task, what platform config allows, and the catalog (the word on
 * who owns an existing service). The module hands all four to the actions
 * that change team resources.
 */
export interface ServiceTrustOptions {
  callerIdentity: CallerIdentityService;
  platformPolicy: PlatformPolicy;
  catalog: CatalogService;
  auth: AuthService;
}

/**
 * The inputs every action that changes a service's resources takes, under
 * the same names (the permission policy rules match `adoptExisting`).
 */
export const serviceOwnershipInput = {
  owner: (zImpl: typeof z) =>
    zImpl
      .string({
        description:
          'Group that owns the service, e.g. "group:default/team-a" (the owner chosen in the form). Default: spec.owner of the registered entity; required for a service that is not in the catalog yet. The user running the task must be a member.',
      })
      .optional(),
  entityRef: (zImpl: typeof z) =>
    zImpl
      .string({
        description:
          'The service\'s catalog entity. Default "component:default/<service name>".',
      })
      .optional(),
  adoptExisting: adoptExistingInputSchema,
};

/** Who asks, for which service and owner, and that team's slice of the platform. */
export interface ServiceTrust {
  caller: CallerIdentity;
  /** The marker every resource of this run carries (and is compared with). */
  requested: OwnershipMarker;
  team: ResolvedTeam;
  /** The service's entity as the catalog holds it, when registered. */
  entity?: Entity;
  /** The service's entity is registered in the catalog already. */
  registered: boolean;
  adoptExisting: boolean;
}

export interface ServiceTrustRequest {
  /** The service's name: the entity's name and the prefix of its resources. */
  serviceName: string;
  entityRef?: string;
  owner?: string;
  adoptExisting?: boolean;
}

function checkEntityRef(serviceName: string, value?: string): string {
  const entityRef = canonicalEntityRef(
    value ?? `component:default/${serviceName}`,
    { kinds: ['component'] },
  );
  if (!entityRef || entityName(entityRef) !== serviceName) {
    throw new InputError(
      `Invalid input "entityRef": ${JSON.stringify(
        value,
      )} is not the service's entity; use "component:<namespace>/${serviceName}" or leave it out.`,
    );
  }
  return entityRef;
}

/**
 * Resolves and checks, before any upstream call: the service's owner (the
 * catalog's `spec.owner` when the entity exists, else the `owner` input),
 * that the user running the task is a member of that group, and that only a
 * platform admin asks for `adoptExisting`.
 *
 * - InputError: a malformed entity ref or owner, or no owner for a new service;
 * - ConflictError: the catalog says another group owns the service;
 * - NotAllowedError: the user is not a member of the owner (platform admins
 *   pass only to adopt), or asks to adopt without being an admin.
 */
export async function resolveServiceTrust(
  options: ServiceTrustOptions,
  task: TaskInitiator,
  request: ServiceTrustRequest,
): Promise<ServiceTrust> {
  const { callerIdentity, platformPolicy, catalog, auth } = options;
  const entityRef = checkEntityRef(request.serviceName, request.entityRef);
  const askedOwner =
    request.owner === undefined
      ? undefined
      : ownershipMarker(entityRef, request.owner).ownerRef;
  const caller = await callerIdentity.forTask(task);
  const adoptExisting = request.adoptExisting === true;
  assertMayAdopt(caller, adoptExisting);

  // Read with the plugin's own credentials: whether the service exists must
  // not depend on what the user may see.
  const entity = await catalog.getEntityByRef(entityRef, {
    credentials: await auth.getOwnServiceCredentials(),
  });
  const registeredOwner = readEntityMarker(entity)?.ownerRef;
  if (entity && !registeredOwner) {
    throw new ConflictError(
      `${entityRef} is in the catalog without a valid spec.owner, so nobody can be checked as its owner; nothing was changed. Fix the entity's spec.owner first.`,
    );
  }
  if (registeredOwner && askedOwner && registeredOwner !== askedOwner) {
    throw new ConflictError(
      `${entityRef} is owned by ${registeredOwner} in the catalog, not by ${askedOwner}; nothing was changed. Choose another service name, or ask ${registeredOwner} to run this. To hand the service to another team, change spec.owner in its catalog-info.yaml by a pull request: a run of the template never changes an owner.`,
    );
  }
  const ownerRef = registeredOwner ?? askedOwner;
  if (!ownerRef) {
    throw new InputError(
      `Missing input "owner": ${entityRef} is not in the catalog yet, so name the group that will own it, e.g. "group:default/team-a".`,
    );
  }
  if (!(caller.isPlatformAdmin && adoptExisting)) {
    caller.requireMemberOf(ownerRef, entityRef);
  }
  return {
    caller,
    requested: { entityRef, ownerRef },
    team: resolveTeam(platformPolicy.tenancy, ownerRef),
    entity,
    registered: entity !== undefined,
    adoptExisting,
  };
}

/**
 * The ownership decision for one resource of this run (decideOwnership with
 * the run's marker, caller and adoptExisting): `create`, `reconcile` or
 * `adopt`, or a ConflictError / NotAllowedError before any write.
 */
export function decideForService(
  trust: ServiceTrust,
  resource: string,
  exists: boolean,
  found: OwnershipMarker | undefined,
): OwnershipDecision {
  return decideOwnership({
    resource,
    exists,
    found,
    requested: trust.requested,
    adoptExisting: trust.adoptExisting,
    caller: trust.caller,
  });
}
