import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { ReadableEntities } from '../service/ReadableEntities';

/** `checkout`, `component:checkout` or `component:default/checkout`, as people write them. */
export function toEntityRef(text: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(text.trim(), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (e) {
    throw new InputError(
      `entityRef must be an entity reference such as component:default/checkout or checkout: ${
        (e as Error).message
      }`,
    );
  }
}

/**
 * The service an agent named, if the caller may read it: the same answers
 * as the HTTP API (a service the caller may not see does not exist for
 * them; one they may see but not read is refused). `what` names the data
 * in the refusal, e.g. "the platform status".
 */
export async function readableService(
  readable: ReadableEntities,
  credentials: BackstageCredentials,
  entityRef: string,
  what: string,
) {
  const ref = toEntityRef(entityRef);
  const {
    items: [found],
  } = await readable.resolve(credentials, [ref]);
  if ('refused' in found) {
    if (found.refused === 'NotFoundError')
      throw new NotFoundError(`Entity ${ref} not found`);
    throw new NotAllowedError(
      `You are not allowed to read ${what} of ${ref} (eks.platform.status.read)`,
    );
  }
  return found.entity;
}
