import http from 'node:http';
import { bearerToken, readBody } from '../shared/http';
import { ClusterState } from './clusterState';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  VERSION_INFO,
} from './discovery';
import { listResponse } from './list';
import { serveLogs } from './logEndpoint';
import { route } from './router';
import { sendObject, sendStatus, StatusError, Statuses } from './status';
import { prepareWatch, streamWatch, WatchSettings } from './watch';
import {
  createObject,
  deleteObject,
  patchObject,
  replaceObject,
  WriteTarget,
} from './writes';

export interface FaultSettings {
  latencyMs: number;
  /** Fraction (0–1) of requests answered 500 InternalError. */
  failureRate: number;
  /** Accept requests and never answer them. */
  hang: boolean;
  random: () => number;
}

export interface HandlerContext {
  state: ClusterState;
  token: string;
  /** Serve requests without credentials (anonymous auth bound to a permissive role). */
  allowAnonymous: boolean;
  faults: FaultSettings;
  watch: WatchSettings;
  requestCounts: Map<string, number>;
  /** host:port for /api's serverAddressByClientCIDRs. */
  serverAddress(): string;
}

function isWatch(params: URLSearchParams): boolean {
  const value = params.get('watch');
  return value === 'true' || value === '1';
}

/** The discovery and health documents, by path. */
function discoveryDocument(path: string, context: HandlerContext): unknown {
  if (path === '/version') return VERSION_INFO;
  if (path === '/api') return apiVersions(context.serverAddress());
  if (path === '/apis') return apiGroupList();
  const segments = path.split('/').filter(Boolean);
  if (segments[0] === 'api') return apiResourceList('', segments[1]);
  if (segments.length === 2) return apiGroup(segments[1]);
  return apiResourceList(segments[1], segments[2]);
}

function sendDiscovery(
  res: http.ServerResponse,
  path: string,
  context: HandlerContext,
): void {
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('ok');
    return;
  }
  sendObject(res, 200, discoveryDocument(path, context));
}

async function serveResource(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  target: Extract<ReturnType<typeof route>, { type: 'resource' }>,
  context: HandlerContext,
): Promise<void> {
  const { resource, namespace, name, subresource } = target;
  const { state } = context;
  const params = url.searchParams;
  const method = req.method ?? 'GET';
  if (
    subresource === 'log' &&
    resource.kind === 'Pod' &&
    resource.group === '' &&
    method === 'GET'
  ) {
    serveLogs(state, resource, namespace!, name!, params, req, res);
    return;
  }
  // Only status and pod logs exist here; others (scale, exec, eviction…) are not simulated.
  if (subresource !== undefined && subresource !== 'status')
    throw new StatusError(Statuses.noSuchResource());
  const writeTarget: WriteTarget = { resource, namespace, name };

  if (method === 'GET') {
    if (target.watchPath && name !== undefined && subresource === undefined) {
      // Deprecated single-object watch: a collection watch narrowed to the name.
      const field = params.get('fieldSelector');
      params.set(
        'fieldSelector',
        `metadata.name=${name}${field ? `,${field}` : ''}`,
      );
      const prepared = prepareWatch(resource, namespace, params);
      streamWatch(state, resource, params, prepared, context.watch, req, res);
      return;
    }
    if (name === undefined) {
      if (target.watchPath || isWatch(params)) {
        const prepared = prepareWatch(resource, namespace, params);
        streamWatch(state, resource, params, prepared, context.watch, req, res);
        return;
      }
      sendObject(res, 200, listResponse(state, resource, namespace, params));
      return;
    }
    const object = state.getByResource(resource, namespace, name);
    if (!object) throw new StatusError(Statuses.notFound(resource, name));
    sendObject(res, 200, object);
    return;
  }
  if (resource.readOnly || target.watchPath)
    throw new StatusError(Statuses.methodNotAllowed());
  if (method === 'POST' && name === undefined) {
    sendObject(
      res,
      201,
      createObject(state, writeTarget, (await readBody(req)).toString('utf8')),
    );
    return;
  }
  if (method === 'PUT' && name !== undefined) {
    sendObject(
      res,
      200,
      replaceObject(state, writeTarget, (await readBody(req)).toString('utf8')),
    );
    return;
  }
  if (method === 'PATCH' && name !== undefined) {
    const body = (await readBody(req)).toString('utf8');
    sendObject(
      res,
      200,
      patchObject(state, writeTarget, body, req.headers['content-type'] ?? ''),
    );
    return;
  }
  if (method === 'DELETE' && name !== undefined && subresource === undefined) {
    sendObject(res, 200, deleteObject(state, writeTarget));
    return;
  }
  throw new StatusError(Statuses.methodNotAllowed());
}

/** The apiserver's request pipeline: authentication, injected faults, routing, Status errors. */
export function createKubernetesHandler(context: HandlerContext) {
  return async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://apiserver.local');
    const key = `${req.method} ${url.pathname}`;
    context.requestCounts.set(key, (context.requestCounts.get(key) ?? 0) + 1);
    const { faults } = context;
    if (faults.hang) return; // the socket stays open until the client gives up or the server stops
    if (faults.latencyMs > 0)
      await new Promise(resolve => setTimeout(resolve, faults.latencyMs));
    if (res.destroyed) return;
    try {
      const token = bearerToken(req);
      const anonymous = token === undefined && !req.headers.authorization;
      if (!(anonymous && context.allowAnonymous) && token !== context.token)
        throw new StatusError(Statuses.unauthorized());
      if (faults.failureRate > 0 && faults.random() < faults.failureRate) {
        throw new StatusError(
          Statuses.internalError('injected failure (sandbox fault injection)'),
        );
      }
      const target = route(url.pathname);
      if (target.type === 'notFound') {
        res.writeHead(404, {
          'Content-Type': 'text/plain; charset=utf-8',
          'X-Content-Type-Options': 'nosniff',
        });
        res.end('404 page not found\n');
        return;
      }
      if (target.type === 'apiNotFound')
        throw new StatusError(Statuses.noSuchResource());
      if (target.type === 'discovery') {
        if (req.method !== 'GET')
          throw new StatusError(Statuses.methodNotAllowed());
        sendDiscovery(res, target.path, context);
        return;
      }
      await serveResource(req, res, url, target, context);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof StatusError) {
        sendStatus(res, error.status);
      } else if (error instanceof URIError) {
        // A malformed %-escape in the path.
        sendStatus(
          res,
          Statuses.badRequest(`invalid request path: ${error.message}`),
        );
      } else {
        sendStatus(
          res,
          Statuses.internalError(String((error as Error)?.message ?? error)),
        );
      }
    }
  };
}
