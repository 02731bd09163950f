import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ResourceDefinition } from './types';
import { qualifiedResource } from './resources';

/** metav1.Status, the body of every apiserver error. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string };
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: Array<{ reason?: string; message: string; field?: string }>;
    retryAfterSeconds?: number;
  };
  code: number;
}

export class StatusError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message);
  }
}

export function failure(
  code: number,
  reason: string | undefined,
  message: string,
  details?: KubeStatus['details'],
): KubeStatus {
  // Built field by field to keep the apiserver's key order on the wire.
  const body: Partial<KubeStatus> = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
  };
  if (reason) body.reason = reason;
  if (details) body.details = details;
  body.code = code;
  return body as KubeStatus;
}

function resourceDetails(
  resource: ResourceDefinition,
  name: string,
): KubeStatus['details'] {
  return resource.group
    ? { name, group: resource.group, kind: resource.plural }
    : { name, kind: resource.plural };
}

export const Statuses = {
  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
  notFound: (resource: ResourceDefinition, name: string) =>
    failure(
      404,
      'NotFound',
      `${qualifiedResource(resource)} "${name}" not found`,
      resourceDetails(resource, name),
    ),
  /** Unknown path under /api or /apis. */
  noSuchResource: () =>
    failure(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    ),
  alreadyExists: (resource: ResourceDefinition, name: string) =>
    failure(
      409,
      'AlreadyExists',
      `${qualifiedResource(resource)} "${name}" already exists`,
      resourceDetails(resource, name),
    ),
  conflict: (resource: ResourceDefinition, name: string) =>
    failure(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(
        resource,
      )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      resourceDetails(resource, name),
    ),
  methodNotAllowed: () =>
    failure(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
      {},
    ),
  badRequest: (message: string) => failure(400, 'BadRequest', message),
  invalidListOptions: (field: string, detail: string) =>
    failure(
      422,
      'Invalid',
      `ListOptions.meta.k8s.io "" is invalid: ${field}: ${detail}`,
      {
        kind: 'ListOptions',
        group: 'meta.k8s.io',
        causes: [{ reason: 'FieldValueForbidden', message: detail, field }],
      },
    ),
  expired: (message: string) => failure(410, 'Expired', message),
  tooLargeResourceVersion: (requested: number, current: number) =>
    failure(
      504,
      'Timeout',
      `Too large resource version: ${requested}, current: ${current}`,
      {
        causes: [
          {
            reason: 'ResourceVersionTooLarge',
            message: 'Too large resource version',
          },
        ],
        retryAfterSeconds: 1,
      },
    ),
  internalError: (message: string) =>
    failure(500, 'InternalError', `Internal error occurred: ${message}`, {
      causes: [{ message }],
    }),
  unsupportedMediaType: (contentType: string) =>
    failure(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json (got ${
        contentType || 'none'
      })`,
      {},
    ),
};

/** Response headers every apiserver response carries. */
export function apiHeaders(): Record<string, string> {
  return { 'Cache-Control': 'no-cache, private', 'Audit-Id': randomUUID() };
}

export function sendObject(
  res: http.ServerResponse,
  code: number,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    ...apiHeaders(),
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendStatus(res: http.ServerResponse, status: KubeStatus): void {
  sendObject(res, status.code, status);
}
