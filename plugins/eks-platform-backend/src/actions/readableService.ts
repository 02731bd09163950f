import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CallerRateLimit } from '../service/CallerRateLimit';
import { ReadableEntities } from '../service/ReadableEntities';
import { TooManyRequestsError } from '../service/TokenBuckets';

/** What a read tool reads through: the HTTP API's access checks and its per-caller rate limit. */
export interface ToolAccess {
  readable: ReadableEntities;
  rateLimit: CallerRateLimit;
}

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
 * Charges a tool call `entities` reads of the caller's rate limit (the
 * HTTP API's bucket), before anything is read. The MCP actions backend
 * answers an agent with a tool error only for @backstage/errors' known
 * errors (anything else becomes a protocol error the agent cannot read),
 * so the refusal travels as a ServiceUnavailableError with the limit's
 * own message: how many reads, and when to retry.
 */
export function chargeCaller(
  access: ToolAccess,
  credentials: BackstageCredentials,
  entities: number,
): void {
  try {
    access.rateLimit.charge(credentials, entities);
  } catch (error) {
    if (error instanceof TooManyRequestsError)
      throw new ServiceUnavailableError(error.message);
    throw error;
  }
}

/**
 * The service an agent named, if the caller may read it: the same answers
 * as the HTTP API (a service the caller may not see does not exist for
 * them; one they may see but not read is refused), charged one entity
 * read of the caller's rate limit like `GET /v1/status/...`. `what` names
 * the data in the refusal, e.g. "the platform status".
 */
export async function readableService(
  access: ToolAccess,
  credentials: BackstageCredentials,
  entityRef: string,
  what: string,
) {
  const ref = toEntityRef(entityRef);
  chargeCaller(access, credentials, 1);
  const {
    items: [found],
  } = await access.readable.resolve(credentials, [ref]);
  if ('refused' in found) {
    if (found.refused === 'NotFoundError')
      throw new NotFoundError(`Entity ${ref} not found`);
    throw new NotAllowedError(
      `You are not allowed to read ${what} of ${ref} (eks.platform.status.read)`,
    );
  }
  return found.entity;
}
