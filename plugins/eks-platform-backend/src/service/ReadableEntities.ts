import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AccessCache } from './AccessCache';
import { principalKey } from './principalKey';
import { StatusReadAccess } from './StatusReadAccess';

export type EntityResolution =
  | { ref: string; entity: Entity }
  | { ref: string; refused: 'NotFoundError' | 'NotAllowedError' };

/**
 * A batch answer's error for each entity refused (not found, or not
 * readable), saying what the caller may not read (`what`, e.g. "the
 * scorecard"): the batch reads (status, scorecards, upgrade pull requests)
 * word them alike.
 */
export function refusalErrors(
  items: EntityResolution[],
  what: string,
): Array<{ entityRef: string; error: { name: string; message: string } }> {
  return items.flatMap(item =>
    'refused' in item
      ? [
          {
            entityRef: item.ref,
            error:
              item.refused === 'NotFoundError'
                ? {
                    name: 'NotFoundError',
                    message: `Entity ${item.ref} not found`,
                  }
                : {
                    name: 'NotAllowedError',
                    message: `You are not allowed to read ${what} of ${item.ref}`,
                  },
          },
        ]
      : [],
  );
}

export interface Resolved {
  items: EntityResolution[];
  /** Refs answered from the access cache, without the catalog or the permission backend. */
  cached: number;
}

/**
 * The entities a caller asked for, each either readable (with the entity as
 * the catalog shows it to that caller) or refused. What was allowed within
 * the cache's time-to-live is reused for that same caller; everything else
 * goes through the full check: the status permission without a resource
 * first (a plain deny is a 403 before any lookup), then the catalog with the
 * caller's credentials, then, for a conditional decision, each entity by
 * reference.
 */
export class ReadableEntities {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      catalog: CatalogService;
      cache: AccessCache;
    },
  ) {}

  async resolve(
    credentials: BackstageCredentials,
    refs: string[],
  ): Promise<Resolved> {
    const { permissions, catalog, cache } = this.options;
    const principal = principalKey(credentials);
    const hits = refs.map(ref => cache.get(principal, ref));
    const missing = refs.filter((_, i) => !hits[i]);
    const fresh = new Map<string, EntityResolution>();
    if (missing.length > 0) {
      const access = await StatusReadAccess.check(permissions, credentials);
      // The catalog applies catalog.entity.read with the caller's credentials.
      const found =
        missing.length === 1
          ? [await catalog.getEntityByRef(missing[0], { credentials })]
          : (
              await catalog.getEntitiesByRefs(
                { entityRefs: missing },
                { credentials },
              )
            ).items;
      const readable: Array<{ ref: string; entity: Entity }> = [];
      missing.forEach((ref, i) => {
        const entity = found[i];
        if (entity) readable.push({ ref, entity });
        else fresh.set(ref, { ref, refused: 'NotFoundError' });
      });
      const allowed = await access.allows(readable.map(r => r.entity));
      readable.forEach(({ ref, entity }, i) => {
        if (allowed[i]) {
          cache.rememberAllowed(principal, ref, entity);
          fresh.set(ref, { ref, entity });
        } else {
          fresh.set(ref, { ref, refused: 'NotAllowedError' });
        }
      });
    }
    return {
      items: refs.map((ref, i) => {
        const entity = hits[i];
        return entity ? { ref, entity } : fresh.get(ref)!;
      }),
      cached: refs.length - missing.length,
    };
  }
}
