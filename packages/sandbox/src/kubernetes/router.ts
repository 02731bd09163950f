import { findByPath, RESOURCES } from './resources';
import { ResourceDefinition } from './types';

export type Route =
  | { type: 'discovery'; path: string }
  | {
      type: 'resource';
      resource: ResourceDefinition;
      /** Namespace from the path; undefined for cluster-wide or cluster-scoped requests. */
      namespace?: string;
      name?: string;
      subresource?: string;
      /** Deprecated `/watch/` path prefix, same as `?watch=true`. */
      watchPath: boolean;
    }
  | { type: 'apiNotFound' }
  | { type: 'notFound' };

const DISCOVERY = new Set([
  '/api',
  '/api/v1',
  '/apis',
  '/version',
  '/healthz',
  '/livez',
  '/readyz',
]);

/** Maps a request path to what the apiserver serves there. */
export function route(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (DISCOVERY.has(path)) return { type: 'discovery', path };
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 2) {
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 2) {
    if (segments.length === 2) {
      return RESOURCES.some(r => r.group === segments[1])
        ? { type: 'discovery', path }
        : { type: 'apiNotFound' };
    }
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
    if (rest.length === 0) {
      return RESOURCES.some(r => r.group === group && r.version === version)
        ? { type: 'discovery', path }
        : { type: 'apiNotFound' };
    }
  } else {
    return { type: 'notFound' };
  }

  const watchPath = rest[0] === 'watch';
  if (watchPath) rest = rest.slice(1);

  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const namespaced = findByPath(group, version, rest[2]);
    if (namespaced?.namespaced && rest.length <= 5) {
      return {
        type: 'resource',
        resource: namespaced,
        namespace: rest[1],
        name: rest[3],
        subresource: rest[4],
        watchPath,
      };
    }
  }
  const resource =
    rest.length >= 1 ? findByPath(group, version, rest[0]) : undefined;
  if (!resource || rest.length > 3) return { type: 'apiNotFound' };
  // A namespaced kind is only reachable by name under /namespaces/<ns>/.
  if (resource.namespaced && rest.length > 1) return { type: 'apiNotFound' };
  return {
    type: 'resource',
    resource,
    name: rest[1],
    subresource: rest[2],
    watchPath,
  };
}
