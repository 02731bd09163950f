import { randomBytes } from 'node:crypto';
import { ClusterState, kubeTime } from './clusterState';
import { RESOURCES } from './resources';
import { failure, KubeStatus, StatusError, Statuses } from './status';
import { apiVersionOf, KubeObject, ResourceDefinition } from './types';

export interface WriteTarget {
  resource: ResourceDefinition;
  namespace?: string;
  name?: string;
}

const MANAGER = 'kubectl-client-side-apply';

function parseBody(body: string): KubeObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new StatusError(
      Statuses.badRequest(
        `the body of the request could not be decoded as JSON: ${
          (error as Error).message
        }`,
      ),
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new StatusError(
      Statuses.badRequest('the body of the request must be a JSON object'),
    );
  }
  return parsed as KubeObject;
}

/** Checks a written object against the URL, like the apiserver's decoding and name checks. */
function checkObject(target: WriteTarget, object: KubeObject): void {
  const { resource } = target;
  if (object.kind && object.kind !== resource.kind) {
    throw new StatusError(
      Statuses.badRequest(
        `the kind in the data (${object.kind}) does not match the expected kind (${resource.kind})`,
      ),
    );
  }
  if (object.apiVersion && object.apiVersion !== apiVersionOf(resource)) {
    throw new StatusError(
      Statuses.badRequest(
        `the API version in the data (${
          object.apiVersion
        }) does not match the expected API version (${apiVersionOf(resource)})`,
      ),
    );
  }
  object.kind = resource.kind;
  object.apiVersion = apiVersionOf(resource);
  object.metadata = object.metadata ?? ({} as KubeObject['metadata']);
  if (resource.namespaced) {
    if (
      object.metadata.namespace &&
      object.metadata.namespace !== target.namespace
    ) {
      throw new StatusError(
        Statuses.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        ),
      );
    }
    object.metadata.namespace = target.namespace;
  }
}

function requireNamespace(state: ClusterState, target: WriteTarget): void {
  if (
    target.resource.namespaced &&
    !state.get('v1', 'Namespace', undefined, target.namespace!)
  ) {
    const namespaces = state.resolve('v1', 'Namespace');
    throw new StatusError(Statuses.notFound(namespaces, target.namespace!));
  }
}

/** POST to a collection: 201 with the stored object, 409 AlreadyExists. */
export function createObject(
  state: ClusterState,
  target: WriteTarget,
  body: string,
): KubeObject {
  if (target.resource.namespaced && target.namespace === undefined)
    throw new StatusError(Statuses.methodNotAllowed());
  const object = parseBody(body);
  checkObject(target, object);
  if (!object.metadata.name && object.metadata.generateName) {
    // Five characters from the same alphabet the apiserver's name generator uses.
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    const suffix = [...randomBytes(5)]
      .map(byte => alphabet[byte % alphabet.length])
      .join('');
    object.metadata.name = `${object.metadata.generateName}${suffix}`;
  }
  if (!object.metadata.name) {
    throw new StatusError(
      failure(
        422,
        'Invalid',
        `${target.resource.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
        {
          kind: target.resource.kind,
          causes: [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: name or generateName is required',
              field: 'metadata.name',
            },
          ],
        },
      ),
    );
  }
  requireNamespace(state, target);
  if (
    state.getByResource(target.resource, target.namespace, object.metadata.name)
  ) {
    throw new StatusError(
      Statuses.alreadyExists(target.resource, object.metadata.name),
    );
  }
  for (const field of [
    'resourceVersion',
    'uid',
    'creationTimestamp',
    'generation',
    'managedFields',
  ] as const) {
    delete object.metadata[field];
  }
  return state.apply(object, { manager: MANAGER });
}

function existingOrNotFound(
  state: ClusterState,
  target: WriteTarget,
): KubeObject {
  const existing = state.getByResource(
    target.resource,
    target.namespace,
    target.name!,
  );
  if (!existing)
    throw new StatusError(Statuses.notFound(target.resource, target.name!));
  return existing;
}

/** PUT: replaces the object; a stale metadata.resourceVersion is 409 Conflict. */
export function replaceObject(
  state: ClusterState,
  target: WriteTarget,
  body: string,
): KubeObject {
  const object = parseBody(body);
  checkObject(target, object);
  if (object.metadata.name !== target.name) {
    throw new StatusError(
      Statuses.badRequest(
        `the name of the object (${object.metadata.name}) does not match the name on the URL (${target.name})`,
      ),
    );
  }
  const existing = existingOrNotFound(state, target);
  if (
    object.metadata.resourceVersion &&
    object.metadata.resourceVersion !== existing.metadata.resourceVersion
  ) {
    throw new StatusError(Statuses.conflict(target.resource, target.name!));
  }
  object.metadata.uid = existing.metadata.uid;
  object.metadata.creationTimestamp = existing.metadata.creationTimestamp;
  object.metadata.generation = existing.metadata.generation;
  object.metadata.managedFields = existing.metadata.managedFields;
  return state.apply(object, { manager: MANAGER });
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** PATCH with merge-patch (strategic merge patch is applied as a merge patch). */
export function patchObject(
  state: ClusterState,
  target: WriteTarget,
  body: string,
  contentType: string,
): KubeObject {
  const mediaType = contentType.split(';')[0].trim();
  if (
    mediaType !== 'application/merge-patch+json' &&
    mediaType !== 'application/strategic-merge-patch+json'
  ) {
    throw new StatusError(Statuses.unsupportedMediaType(mediaType));
  }
  const patch = parseBody(body);
  const existing = existingOrNotFound(state, target);
  const patchedVersion = (patch.metadata as KubeObject['metadata'] | undefined)
    ?.resourceVersion;
  if (patchedVersion && patchedVersion !== existing.metadata.resourceVersion) {
    throw new StatusError(Statuses.conflict(target.resource, target.name!));
  }
  const patched = mergePatch(structuredClone(existing), patch) as KubeObject;
  checkObject(target, patched);
  if (patched.metadata.name !== target.name) {
    throw new StatusError(
      Statuses.badRequest('metadata.name cannot be changed by a patch'),
    );
  }
  return state.apply(patched, { manager: MANAGER });
}

/**
 * DELETE: pods answer with the object (graceful deletion), other kinds with a
 * Success Status, as the registries of the real server do. Deleting a
 * namespace deletes its contents, which the namespace controller does.
 */
export function deleteObject(
  state: ClusterState,
  target: WriteTarget,
): KubeObject | KubeStatus {
  const existing = existingOrNotFound(state, target);
  const { resource } = target;
  if (resource.kind === 'Namespace') {
    for (const other of RESOURCES.filter(r => r.namespaced && !r.readOnly)) {
      for (const object of state
        .objectsOf(other)
        .filter(o => o.metadata.namespace === target.name)) {
        state.remove(
          object.apiVersion,
          object.kind,
          object.metadata.namespace,
          object.metadata.name,
        );
      }
    }
  }
  const removed = state.remove(
    existing.apiVersion,
    existing.kind,
    target.namespace,
    target.name!,
  )!;
  if (resource.kind === 'Pod') {
    removed.metadata.deletionTimestamp = kubeTime(new Date());
    return removed;
  }
  const details: Record<string, unknown> = {
    name: target.name,
    kind: resource.plural,
    uid: existing.metadata.uid,
  };
  if (resource.group) details.group = resource.group;
  // A successful delete's Status has no code field on the wire.
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details,
  } as unknown as KubeStatus;
}
