import { KubeObject, ResourceDefinition } from './types';

/** Metadata the server owns; never part of any manager's field set. */
const SERVER_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
]);

type FieldSet = Record<string, unknown>;

/**
 * FieldsV1 as server-side apply records it: `f:<field>` for map keys,
 * `k:{"name":...}` for list items keyed by name, `.` for the node itself.
 */
function fieldSet(value: unknown): FieldSet {
  if (Array.isArray(value)) {
    const set: FieldSet = {};
    for (const item of value) {
      if (
        item &&
        typeof item === 'object' &&
        typeof (item as { name?: unknown }).name === 'string'
      ) {
        set[`k:${JSON.stringify({ name: (item as { name: string }).name })}`] =
          {
            '.': {},
            ...fieldSet(item),
          };
      } else if (item !== null && typeof item !== 'object') {
        set[`v:${JSON.stringify(item)}`] = {};
      }
    }
    return set;
  }
  if (value && typeof value === 'object') {
    const set: FieldSet = {};
    for (const [key, child] of Object.entries(value)) {
      const childSet = fieldSet(child);
      if (
        !child ||
        typeof child !== 'object' ||
        Object.keys(childSet).length === 0
      ) {
        set[`f:${key}`] = {};
      } else {
        // Maps get a '.' entry for the node itself; associative lists do not.
        set[`f:${key}`] = Array.isArray(child)
          ? childSet
          : { '.': {}, ...childSet };
      }
    }
    return set;
  }
  return {};
}

function withoutDots(set: FieldSet): FieldSet {
  // Top-level sections carry no '.' entry in real managedFields.
  const copy = { ...set };
  delete copy['.'];
  return copy;
}

/**
 * The managedFields a real cluster would show for this object: one Update
 * entry for the manager of the spec (Argo CD, a controller, the kubelet) and,
 * when the object has a status, one for the status subresource.
 */
export function buildManagedFields(
  resource: ResourceDefinition,
  object: KubeObject,
  time: string,
  manager?: string,
): unknown[] {
  const { apiVersion } = object;
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object.metadata)) {
    if (!SERVER_METADATA.has(key) && value !== undefined) metadata[key] = value;
  }
  const main: FieldSet = {};
  if (Object.keys(metadata).length > 0)
    main['f:metadata'] = withoutDots(fieldSet(metadata));
  for (const [key, value] of Object.entries(object)) {
    if (['apiVersion', 'kind', 'metadata', 'status'].includes(key)) continue;
    const set = fieldSet(value);
    main[`f:${key}`] =
      value && typeof value === 'object' ? withoutDots(set) : {};
  }
  const entries: unknown[] = [
    {
      manager: manager ?? resource.specManager,
      operation: 'Update',
      apiVersion,
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: main,
    },
  ];
  const status = object.status;
  if (status && typeof status === 'object' && Object.keys(status).length > 0) {
    entries.push({
      manager: resource.statusManager ?? manager ?? resource.specManager,
      operation: 'Update',
      apiVersion,
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': withoutDots(fieldSet(status)) },
      subresource: 'status',
    });
  }
  return entries;
}
