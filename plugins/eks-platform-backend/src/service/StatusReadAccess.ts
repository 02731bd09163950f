import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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
    const [decision] = await permissions.authorizeConditional(
      [{ permission: eksPlatformStatusReadPermission }],
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
      decision.result === AuthorizeResult.CONDITIONAL,
    );
  }

  private constructor(
    private readonly permissions: PermissionsService,
    private readonly credentials: BackstageCredentials,
    private readonly conditional: boolean,
  ) {}

  /** For each entity (read with the caller's credentials): may its status be shown? */
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
