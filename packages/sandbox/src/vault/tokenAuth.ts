import { type Backend, type BackendRequest } from './backend';
import { parseDuration, parseStringList } from './durations';
import {
  type BackendResult,
  VaultError,
  badRequest,
  permissionDenied,
} from './response';

/** The token auth method: lookup-self, create (child tokens) and revoke-self. */
export class TokenAuthBackend implements Backend {
  readonly type = 'token';

  isUnauthenticated(): boolean {
    return false;
  }

  exists(): boolean | undefined {
    return undefined;
  }

  operationName(subpath: string): string {
    return `token.${subpath}`;
  }

  handle({
    op,
    subpath,
    body,
    token,
    tokens,
    namespace,
  }: BackendRequest): BackendResult {
    if (!token) throw permissionDenied();
    if (subpath === 'lookup-self' && (op === 'read' || op === 'update')) {
      return { data: tokens.lookupData(token) };
    }
    if (subpath === 'revoke-self' && op === 'update') {
      tokens.revoke(token.id);
      return {};
    }
    if (
      (subpath === 'create' || subpath === 'create-orphan') &&
      (op === 'update' || op === 'create')
    ) {
      const requested = parseStringList(body.policies);
      const isRoot = token.policies.includes('root');
      const policies =
        requested.length > 0
          ? requested
          : token.policies.filter(p => p !== 'root' || isRoot);
      if (
        !isRoot &&
        policies.some(policy => !token.policies.includes(policy))
      ) {
        throw badRequest('child policies must be subset of parent');
      }
      const withDefault =
        body.no_default_policy === true || policies.includes('root')
          ? policies
          : ['default', ...policies];
      const ttl = parseDuration(body.ttl, 'ttl');
      const child = tokens.issue({
        namespace,
        policies: withDefault,
        path: `auth/token/${subpath}`,
        displayName: `token${
          body.display_name ? `-${String(body.display_name)}` : ''
        }`,
        ttl: ttl || (withDefault.includes('root') ? 0 : undefined),
        meta: (body.meta as Record<string, string>) ?? null,
        orphan: subpath === 'create-orphan',
      });
      return { auth: tokens.authBlock(child, policies, child.meta) };
    }
    throw new VaultError(404, [
      `no handler for route "auth/token/${subpath}". route entry not found.`,
    ]);
  }
}
