import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** How many entity refs one request may ask for, per view (eksPlatform.status.query). */
export interface QueryCaps {
  maxEntities: number;
  maxFullEntities: number;
}

export interface ParsedStatusQuery {
  entityRefs: string[];
  view: 'full' | 'summary';
}

/** Validates the body of `POST /v1/status/query`, with messages that say what to fix. */
export function parseStatusQuery(
  body: unknown,
  caps: QueryCaps,
): ParsedStatusQuery {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError(
      'Request body must be a JSON object: { "entityRefs": ["component:default/name"] }',
    );
  }
  const { entityRefs, view } = body as { entityRefs?: unknown; view?: unknown };
  if (!Array.isArray(entityRefs) || entityRefs.length === 0) {
    throw new InputError(
      'entityRefs must be a non-empty array of entity refs such as "component:default/checkout"',
    );
  }
  if (view !== undefined && view !== 'full' && view !== 'summary') {
    throw new InputError(
      `view must be "full" or "summary", got ${JSON.stringify(view)}`,
    );
  }
  const full = view === undefined || view === 'full';
  const cap = full ? caps.maxFullEntities : caps.maxEntities;
  if (entityRefs.length > cap) {
    throw new InputError(
      `entityRefs has ${entityRefs.length} entries; with view "${
        full ? 'full' : 'summary'
      }" ask for at most ${cap} per request (eksPlatform.status.query.${
        full ? 'maxFullEntities' : 'maxEntities'
      }): split the list into batches${
        full ? `, or ask for view "summary" (up to ${caps.maxEntities})` : ''
      }`,
    );
  }
  const refs = entityRefs.map((ref, i) => {
    if (typeof ref !== 'string')
      throw new InputError(`entityRefs[${i}] must be a string`);
    try {
      return stringifyEntityRef(
        parseEntityRef(ref, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      );
    } catch (e) {
      throw new InputError(
        `entityRefs[${i}] "${ref}" is not an entity ref: ${
          (e as Error).message
        }`,
      );
    }
  });
  return { entityRefs: Array.from(new Set(refs)), view: view ?? 'full' };
}

/**
 * `{ "entityRefs": [...] }` of the batch reads beside the status query
 * (scorecards, upgrade pull requests): small answers, so the summary
 * view's cap applies.
 */
export function parseEntityRefsBody(body: unknown, caps: QueryCaps): string[] {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new InputError(
      'Request body must be a JSON object: { "entityRefs": ["component:default/name"] }',
    );
  return parseStatusQuery(
    {
      entityRefs: (body as { entityRefs?: unknown }).entityRefs,
      view: 'summary',
    },
    caps,
  ).entityRefs;
}
