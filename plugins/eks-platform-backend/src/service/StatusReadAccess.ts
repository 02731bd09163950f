import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { isDeepStrictEqual } from 'node:util';
import { eksPlatformStatusReadPermission } from '@internal/backstage-plugin-eks-platform-common';

/** Resource checks per POST /authorize (well under the permission backend's body limit). */
export const AUTHORIZE_BATCH = 100;

/**
 * Whose status a caller may read. `eks.platform.status.read` is a resource
 * permission on `catalog-entity`: a policy may allow or deny it outright, or
 * answer with catalog conditions (the same as for `catalog.entity.read`),
 * which the catalog then evaluates per entity through the permission backend.
 */
export class StatusReadAccess {
  /**
   * Checked before anything is looked up: a caller denied outright gets a
   * 403 without a catalog request.
   */
  static async check(
    permissions: PermissionsService,
    credentials: BackstageCredentials,
  ): Promise<StatusReadAccess> {
    // Asked together: when the policy gives the status permission the very
    // conditions it gives catalog.entity.read, the catalog has already
    // applied them to every entity it returned to this caller.
    const [decision, catalogRead] = await permissions.authorizeConditional(
      [
        { permission: eksPlatformStatusReadPermission },
        { permission: catalogEntityReadPermission },
      ],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        'You are not allowed to read platform status (eks.platform.status.read)',
      );
    }
    return new StatusReadAccess(
      permissions,
      credentials,
      decision.result === AuthorizeResult.CONDITIONAL &&
        !sameConditions(decision, catalogRead),
    );
  }

  private constructor(
    private readonly permissions: PermissionsService,
    private readonly credentials: BackstageCredentials,
    /** Whether each entity must be authorised by reference. */
    private readonly conditional: boolean,
  ) {}

  /**
   * For each entity, as the catalog returned it to this caller (read with
   * the caller's credentials, so catalog.entity.read was applied): may its
   * status be shown?
   */
  async allows(entities: Entity[]): Promise<boolean[]> {
    if (!this.conditional || entities.length === 0) {
      return entities.map(() => true);
    }
    // In batches: the permission backend parses POST /authorize with
    // express.json's 100 KB limit, and a fleet page's 500 references
    // (~250 bytes each) answered 413 on the real portal path.
    const batches: Entity[][] = [];
    for (let i = 0; i < entities.length; i += AUTHORIZE_BATCH)
      batches.push(entities.slice(i, i + AUTHORIZE_BATCH));
    const decisions = await Promise.all(
      batches.map(batch =>
        this.permissions.authorize(
          batch.map(entity => ({
            permission: eksPlatformStatusReadPermission,
            resourceRef: stringifyEntityRef(entity),
          })),
          { credentials: this.credentials },
        ),
      ),
    );
    return decisions.flat().map(d => d.result === AuthorizeResult.ALLOW);
  }
}

/**
 * Whether a conditional status decision is exactly the catalog-read one:
 * same plugin, resource type and conditions. Anything else (an outright
 * allow of catalog reads, other conditions, another resource type) keeps
 * the check per entity.
 */
function sameConditions(
  status: PolicyDecision,
  catalogRead: PolicyDecision | undefined,
): boolean {
  return (
    status.result === AuthorizeResult.CONDITIONAL &&
    catalogRead?.result === AuthorizeResult.CONDITIONAL &&
    status.pluginId === catalogRead.pluginId &&
    status.resourceType === catalogRead.resourceType &&
    isDeepStrictEqual(status.conditions, catalogRead.conditions)
  );
}
