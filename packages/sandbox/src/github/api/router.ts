import http from 'node:http';
import { decodePathSegment as safeDecode } from '../../shared/http';
import type { GitHubStore } from '../model/store';

export interface RouteContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** Parsed JSON body; `{}` when the request had none. */
  body: Record<string, unknown>;
  store: GitHubStore;
  /** `http://127.0.0.1:PORT`: the web and git base. */
  webUrl: string;
  /** `${webUrl}/api/v3`. */
  apiUrl: string;
}

/** A JSON reply, or 'sent' when the handler streamed the response itself. */
export type RouteResult =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'sent';

export type RouteHandler = (ctx: RouteContext) => Promise<RouteResult>;

interface Route {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

/**
 * Matches GitHub-style path templates: `:name` is one segment, a trailing
 * `*name` is the rest of the path (possibly empty, slashes kept), as the
 * contents API's file paths need.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({
      method,
      segments: pattern.split('/').filter(Boolean),
      handler,
    });
    return this;
  }

  match(
    method: string,
    pathname: string,
  ): { handler: RouteHandler; params: Record<string, string> } | undefined {
    // HEAD is GET without a body; node drops the body for us.
    const wanted = method === 'HEAD' ? 'GET' : method;
    const parts = pathname.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== wanted) continue;
      const params = matchSegments(route.segments, parts);
      if (params) return { handler: route.handler, params };
    }
    return undefined;
  }

  /** True when some route serves this path with another method (→ 404 vs 405). */
  hasPath(pathname: string): boolean {
    const parts = pathname.split('/').filter(Boolean);
    return this.routes.some(
      r => matchSegments(r.segments, parts) !== undefined,
    );
  }
}

function matchSegments(
  pattern: string[],
  parts: string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const segment = pattern[i];
    if (segment.startsWith('*')) {
      params[segment.slice(1)] = parts.slice(i).map(safeDecode).join('/');
      return params;
    }
    if (i >= parts.length) return undefined;
    if (segment.startsWith(':')) {
      params[segment.slice(1)] = safeDecode(parts[i]);
    } else if (segment !== parts[i]) {
      return undefined;
    }
  }
  return pattern.length === parts.length ? params : undefined;
}
