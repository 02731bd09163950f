import { ClusterState } from './clusterState';
import {
  decodeContinue,
  encodeContinue,
  InvalidContinueToken,
} from './continueToken';
import {
  asListItem,
  parseNonNegativeInteger,
  parseResourceVersion,
  selectionFrom,
} from './selection';
import { StatusError, Statuses } from './status';
import { apiVersionOf, KubeObject, ResourceDefinition } from './types';

const CONTINUE_INCONSISTENT =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** Storage key relative to the listed prefix (`ns/name` across namespaces, `name` within one). */
function relativeKey(
  object: KubeObject,
  namespace: string | undefined,
): string {
  return object.metadata.namespace && namespace === undefined
    ? `${object.metadata.namespace}/${object.metadata.name}`
    : object.metadata.name;
}

/**
 * Which objects at which version a LIST reads, following the
 * resourceVersion / resourceVersionMatch / continue rules of the API docs.
 */
function readVersion(
  state: ClusterState,
  resource: ResourceDefinition,
  params: URLSearchParams,
): { version: number; objects: KubeObject[]; start?: string } {
  const rvText = params.get('resourceVersion') ?? '';
  const match = params.get('resourceVersionMatch') ?? '';
  const continueText = params.get('continue') ?? '';
  const current = state.resourceVersion;

  if (match && !['Exact', 'NotOlderThan'].includes(match)) {
    throw new StatusError(
      Statuses.invalidListOptions(
        'resourceVersionMatch',
        `Unsupported value: "${match}": supported values: "Exact", "NotOlderThan", ""`,
      ),
    );
  }
  if (continueText) {
    if (rvText && rvText !== '0') {
      throw new StatusError(
        Statuses.badRequest(
          'specifying resource version is not allowed when using continue',
        ),
      );
    }
    if (match) {
      throw new StatusError(
        Statuses.invalidListOptions(
          'resourceVersionMatch',
          'Forbidden: resourceVersionMatch is forbidden when continue is provided',
        ),
      );
    }
    let token;
    try {
      token = decodeContinue(continueText);
    } catch (error) {
      if (error instanceof InvalidContinueToken) {
        throw new StatusError(
          Statuses.badRequest(`invalid continue token: ${error.message}`),
        );
      }
      throw error;
    }
    if (token.resourceVersion === -1)
      return {
        version: current,
        objects: state.objectsOf(resource),
        start: token.start,
      };
    const objects = state.objectsAt(resource, token.resourceVersion);
    if (!objects) {
      // The real server offers a token that continues (inconsistently) at the latest version.
      const status = Statuses.expired(CONTINUE_INCONSISTENT);
      status.metadata.continue = encodeContinue({
        resourceVersion: -1,
        start: token.start,
      });
      throw new StatusError(status);
    }
    return { version: token.resourceVersion, objects, start: token.start };
  }
  if (match && !rvText) {
    throw new StatusError(
      Statuses.invalidListOptions(
        'resourceVersionMatch',
        'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      ),
    );
  }
  if (!rvText || rvText === '0') {
    if (match === 'Exact') {
      throw new StatusError(
        Statuses.invalidListOptions(
          'resourceVersionMatch',
          'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
      );
    }
    return { version: current, objects: state.objectsOf(resource) };
  }
  const requested = parseResourceVersion(rvText);
  if (requested > current)
    throw new StatusError(Statuses.tooLargeResourceVersion(requested, current));
  if (match === 'Exact') {
    const objects = state.objectsAt(resource, requested);
    if (!objects)
      throw new StatusError(
        Statuses.expired(
          'The resourceVersion for the provided list is too old.',
        ),
      );
    return { version: requested, objects };
  }
  // NotOlderThan (explicit or legacy): the latest state satisfies it.
  return { version: current, objects: state.objectsOf(resource) };
}

/** Builds the `<Kind>List` body of a LIST request. */
export function listResponse(
  state: ClusterState,
  resource: ResourceDefinition,
  namespace: string | undefined,
  params: URLSearchParams,
): Record<string, unknown> {
  const selection = selectionFrom(resource, namespace, params);
  const limit = parseNonNegativeInteger(params, 'limit') ?? 0;
  const { version, objects, start } = readVersion(state, resource, params);

  const inScope = objects
    .filter(
      object =>
        namespace === undefined || object.metadata.namespace === namespace,
    )
    .filter(
      object => start === undefined || relativeKey(object, namespace) >= start,
    );
  const items: KubeObject[] = [];
  let lastIndex = -1;
  for (let i = 0; i < inScope.length; i++) {
    if (limit > 0 && items.length >= limit) break;
    lastIndex = i;
    if (selection.matches(inScope[i])) items.push(inScope[i]);
  }
  const metadata: Record<string, unknown> = {
    resourceVersion: String(version),
  };
  // Like etcd paging: more keys after the last examined one means a continue token,
  // even if none of them would match the selectors.
  const remaining = inScope.length - (lastIndex + 1);
  if (limit > 0 && items.length >= limit && remaining > 0) {
    metadata.continue = encodeContinue({
      resourceVersion: version,
      start: `${relativeKey(inScope[lastIndex], namespace)}\u0000`,
    });
    if (selection.everything) metadata.remainingItemCount = remaining;
  }
  return {
    kind: `${resource.kind}List`,
    apiVersion: apiVersionOf(resource),
    metadata,
    items: items.map(object => asListItem(resource, object)),
  };
}
