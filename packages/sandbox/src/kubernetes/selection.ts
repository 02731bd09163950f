import {
  compileFieldSelector,
  FieldSelectorError,
  parseFieldSelector,
} from './fieldSelector';
import {
  LabelSelectorError,
  matchesLabels,
  parseLabelSelector,
} from './labelSelector';
import { StatusError, Statuses } from './status';
import { KubeObject, ResourceDefinition } from './types';

export interface Selection {
  matches(object: KubeObject): boolean;
  /** No label or field selector: the real server then reports remainingItemCount. */
  everything: boolean;
}

/** The namespace and selectors of a LIST or WATCH; bad selectors are 400 before any work. */
export function selectionFrom(
  resource: ResourceDefinition,
  namespace: string | undefined,
  params: URLSearchParams,
): Selection {
  const labelText = params.get('labelSelector') ?? '';
  const fieldText = params.get('fieldSelector') ?? '';
  let labels;
  let fields;
  try {
    labels = parseLabelSelector(labelText);
    fields = compileFieldSelector(resource, parseFieldSelector(fieldText));
  } catch (error) {
    if (
      error instanceof LabelSelectorError ||
      error instanceof FieldSelectorError
    ) {
      throw new StatusError(Statuses.badRequest(error.message));
    }
    throw error;
  }
  return {
    everything: labelText.trim() === '' && fieldText.trim() === '',
    matches: object =>
      (namespace === undefined || object.metadata.namespace === namespace) &&
      matchesLabels(labels, object.metadata.labels) &&
      fields(object),
  };
}

/** Built-in typed lists omit kind/apiVersion on items; custom resources keep them. */
export function asListItem(
  resource: ResourceDefinition,
  object: KubeObject,
): Record<string, unknown> {
  if (resource.custom) return object;
  const { apiVersion, kind, ...rest } = object;
  return rest;
}

export function parseNonNegativeInteger(
  params: URLSearchParams,
  name: string,
): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  if (!/^\d+$/.test(text)) {
    throw new StatusError(
      Statuses.badRequest(
        `${name}: invalid value "${text}": must be a non-negative integer`,
      ),
    );
  }
  return Number(text);
}

/** resourceVersion parameters are opaque to clients but must be ours (decimal revisions). */
export function parseResourceVersion(text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new StatusError(
      Statuses.badRequest(`invalid resource version: ${JSON.stringify(text)}`),
    );
  }
  return Number(text);
}
