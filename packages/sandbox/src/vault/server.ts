import http from 'node:http';
import {
  type FailureOptions,
  FaultInjector,
  retryAfterHeader,
} from '../shared/faultInjection';
import { readBody, sendJson, startHttpServer } from '../shared/http';
import { Acl } from './acl';
import { AppRoleBackend, type AppRoleSeed } from './approle';
import { type Backend } from './backend';
import { DatabaseBackend } from './database';
import { KubernetesAuthBackend } from './kubernetesAuth';
import { KvV2Engine } from './kv';
import { acceptListMethod } from './listMethod';
import { NamespaceState } from './namespaceState';
import {
  type Operation,
  VaultError,
  badRequest,
  permissionDenied,
  sendResult,
  sendVaultError,
} from './response';
import { HEALTH, handleSys, sysExists, sysOperationName } from './sys';
import { TokenStore } from './tokens';

/*
 * Vault's HTTP API (`/v1/...`) with namespaces (header or path prefix), token
 * authentication, ACL enforcement for every non-root token, and the engines in
 * ./kv, ./database, ./approle, ./kubernetesAuth and ./sys.
 */

export interface VaultSimulatorOptions {
  port?: number;
  host?: string;
  rootToken?: string;
  /** Namespaces to create at start besides the root namespace. Default `['admin']`. */
  namespaces?: string[];
  /** AppRole roles created in every initial namespace. Default: the `backstage` registrar role. */
  appRoles?: AppRoleSeed[];
  /** ACL policies created in every initial namespace. Default: `backstage-registrar`. */
  policies?: Record<string, string>;
}

export interface VaultSimulator {
  url: string;
  rootToken: string;
  close(): Promise<void>;
  requestCounts: Map<string, number>;
  /**
   * Every request that asks Vault to change stored state (create, update,
   * patch, delete), as `METHOD <namespace/>path`, in arrival order, whether
   * or not it succeeded; logins (unauthenticated paths) and reads are not
   * writes. Tests use it to prove that refused input wrote nothing.
   */
  writeRequests: string[];
  /** Fails matching calls; operation names look like `kv.write`, `sys.policy.read`, `approle.login`. */
  setFailure(options: FailureOptions): void;
  clearFailures(): void;
  namespaces(): string[];
  /** ACL policies of a namespace (`''` is the root namespace), name → HCL. */
  policies(namespace?: string): Record<string, string>;
  kubernetesRole(
    name: string,
    options?: { namespace?: string; mount?: string },
  ): unknown;
  databaseRole(
    name: string,
    options?: { namespace?: string; mount?: string },
  ): unknown;
  /** Current data of a KV v2 secret, or undefined. */
  secret(
    path: string,
    options?: { namespace?: string; mount?: string },
  ): Record<string, unknown> | undefined;
  secretPaths(options?: { namespace?: string; mount?: string }): string[];
}

/** What the product's Vault registration needs, and nothing else (no reads of secret values). */
export const REGISTRAR_POLICY = `
path "sys/policies/acl/*" {
  capabilities = ["create", "read", "update", "list"]
}
path "auth/kubernetes/role/*" {
  capabilities = ["create", "read", "update", "list"]
}
path "secret/data/*" {
  capabilities = ["create", "update"]
}
path "secret/metadata/*" {
  capabilities = ["create", "read", "update", "list"]
}
path "database/roles/*" {
  capabilities = ["create", "read", "update", "list"]
}
`;

export const DEFAULT_APPROLE: AppRoleSeed = {
  name: 'backstage',
  roleId: 'sandbox-backstage-role-id',
  secretId: 'sandbox-backstage-secret-id',
  policies: ['backstage-registrar'],
};

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}

export async function startVaultSimulator(
  options: VaultSimulatorOptions = {},
): Promise<VaultSimulator> {
  const rootToken = options.rootToken ?? 'sandbox-vault-root-token';
  const tokens = new TokenStore();
  const faults = new FaultInjector();
  const writeRequests: string[] = [];
  const namespaces = new Map<string, NamespaceState>();
  tokens.issue({
    id: rootToken,
    namespace: '',
    policies: ['root'],
    path: 'auth/token/root',
    displayName: 'root',
    ttl: 0,
  });

  function createNamespace(path: string): NamespaceState {
    const state = new NamespaceState(path);
    for (const [name, text] of Object.entries(
      options.policies ?? { 'backstage-registrar': REGISTRAR_POLICY },
    )) {
      state.writePolicy(name, text);
    }
    for (const role of options.appRoles ?? [DEFAULT_APPROLE]) {
      (state.authMounts.get('approle') as AppRoleBackend).seed(role);
    }
    namespaces.set(path, state);
    return state;
  }
  createNamespace('');
  for (const path of options.namespaces ?? ['admin']) {
    const segments = trimSlashes(path).split('/');
    segments.forEach((_, index) => {
      const prefix = segments.slice(0, index + 1).join('/');
      if (!namespaces.has(prefix)) createNamespace(prefix);
    });
  }

  function namespaceOf(name: string | undefined): NamespaceState {
    const state = namespaces.get(trimSlashes(name ?? ''));
    if (!state)
      throw new Error(`the Vault simulator has no namespace "${name}"`);
    return state;
  }

  /** Header namespace, then any leading path segments naming child namespaces. */
  function resolveNamespace(
    header: string,
    path: string,
  ): { namespace: string; path: string } {
    let namespace = trimSlashes(header);
    if (!namespaces.has(namespace))
      throw new VaultError(404, [`namespace not found: "${namespace}/"`]);
    let rest = path;
    for (;;) {
      const segment = rest.split('/')[0];
      const candidate = namespace ? `${namespace}/${segment}` : segment;
      if (!segment || !namespaces.has(candidate) || rest === segment) break;
      namespace = candidate;
      rest = rest.slice(segment.length + 1);
    }
    return { namespace, path: rest };
  }

  function operationOf(method: string, url: URL): Operation | 'write' {
    if (
      method === 'LIST' ||
      (method === 'GET' && url.searchParams.get('list') === 'true')
    )
      return 'list';
    if (method === 'GET' || method === 'HEAD') return 'read';
    if (method === 'DELETE') return 'delete';
    if (method === 'PATCH') return 'patch';
    return 'write';
  }

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ) {
    try {
      await serve(req, res, url);
    } catch (error) {
      if (error instanceof VaultError) sendVaultError(res, error);
      else throw error;
    }
  }

  async function serve(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ) {
    if (!url.pathname.startsWith('/v1/')) throw new VaultError(404, []);
    const header = String(req.headers['x-vault-namespace'] ?? '');
    const resolved = resolveNamespace(
      header,
      decodeURIComponent(url.pathname.slice(4)).replace(/^\/+/, ''),
    );
    const namespace = resolved.namespace;
    const state = namespaces.get(namespace)!;
    const requested = operationOf(req.method ?? 'GET', url);
    // Vault lists "directories": a LIST path always ends in a slash, also for the ACL.
    const path =
      requested === 'list' && !resolved.path.endsWith('/')
        ? `${resolved.path}/`
        : resolved.path;

    const isSys = path === 'sys' || path.startsWith('sys/');
    const route = isSys ? undefined : state.resolve(path);
    const subpath = isSys ? path.slice('sys/'.length) : route?.subpath ?? '';
    const probeOp: Operation = requested === 'write' ? 'update' : requested;
    const operationName = isSys
      ? sysOperationName(subpath, probeOp)
      : route?.backend.operationName(subpath, probeOp) ?? 'unknown';

    const unauthenticated = route?.backend.isUnauthenticated(subpath) ?? false;
    if (!unauthenticated && requested !== 'read' && requested !== 'list') {
      writeRequests.push(
        `${req.method} ${namespace ? `${namespace}/` : ''}${path}`,
      );
    }

    const failure = faults.take(operationName);
    if (failure?.hang) return;
    if (failure) {
      const message =
        failure.message ??
        (failure.status === 429
          ? 'request rate limit exceeded'
          : 'simulated Vault failure');
      sendVaultError(
        res,
        new VaultError(failure.status, [message]),
        retryAfterHeader(failure),
      );
      return;
    }

    if (isSys && subpath === 'health') {
      sendJson(res, 200, {
        ...HEALTH,
        server_time_utc: Math.floor(Date.now() / 1000),
      });
      return;
    }

    let body: Record<string, unknown> = {};
    if (
      requested === 'patch' &&
      !String(req.headers['content-type'] ?? '').startsWith(
        'application/merge-patch+json',
      )
    ) {
      throw new VaultError(415, [
        'PATCH requires Content-Type: application/merge-patch+json',
      ]);
    }
    if (requested === 'write' || requested === 'patch') {
      const raw = await readBody(req);
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch (error) {
          throw badRequest(
            `failed to parse JSON input: ${(error as Error).message}`,
          );
        }
      }
    }

    const presented =
      (req.headers['x-vault-token'] as string | undefined) ??
      req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const token = tokens.lookup(presented);
    if (!unauthenticated) {
      if (!token) throw permissionDenied();
      const inside =
        token.namespace === '' ||
        namespace === token.namespace ||
        namespace.startsWith(`${token.namespace}/`);
      if (!inside) throw permissionDenied();
    }

    const exists = isSys
      ? sysExists(state, subpath)
      : route?.backend.exists(subpath);
    let op: Operation = requested === 'write' ? 'update' : requested;
    if (requested === 'write' && exists === false) op = 'create';
    const acl =
      token && !token.policies.includes('root')
        ? new Acl(namespaceOf(token.namespace).rulesFor(token.policies))
        : undefined;
    const relativeNamespace =
      token && namespace !== token.namespace
        ? namespace.slice(token.namespace ? token.namespace.length + 1 : 0)
        : '';
    const aclPath = (p: string) =>
      relativeNamespace ? `${relativeNamespace}/${p}` : p;
    if (!unauthenticated && acl && !acl.allows(aclPath(path), op))
      throw permissionDenied();

    if (isSys) {
      const result = handleSys({
        op,
        subpath,
        body,
        namespace: state,
        namespaces: {
          create: child => {
            const full = namespace
              ? `${namespace}/${trimSlashes(child)}`
              : trimSlashes(child);
            if (!namespaces.has(full)) createNamespace(full);
          },
          children: () =>
            [...namespaces.keys()]
              .filter(
                key =>
                  key !== namespace &&
                  key.startsWith(namespace ? `${namespace}/` : ''),
              )
              .map(key => key.slice(namespace ? namespace.length + 1 : 0))
              .filter(key => key && !key.includes('/')),
          remove: child =>
            namespaces.delete(namespace ? `${namespace}/${child}` : child),
        },
        capabilities: p => (acl ? acl.capabilities(aclPath(p)) : ['root']),
      });
      sendResult(res, result, 'system');
      return;
    }
    if (!route)
      throw new VaultError(404, [
        `no handler for route "${path}". route entry not found.`,
      ]);
    const result = route.backend.handle({
      op,
      subpath,
      body,
      query: url.searchParams,
      namespace,
      token,
      tokens,
    });
    sendResult(res, result, route.backend.type);
  }

  const server = await startHttpServer(handle, {
    port: options.port,
    host: options.host,
  });
  acceptListMethod(server.server, handle, server.requestCounts);

  const backendIn = <T extends Backend>(
    namespace: string | undefined,
    mount: string,
    auth: boolean,
  ): T => {
    const state = namespaceOf(namespace);
    const backend = (auth ? state.authMounts : state.mounts).get(mount);
    if (!backend)
      throw new Error(
        `no ${
          auth ? 'auth method' : 'secrets engine'
        } mounted at ${mount}/ in namespace "${namespace ?? ''}"`,
      );
    return backend as T;
  };

  return {
    url: server.url,
    rootToken,
    close: () => server.close(),
    requestCounts: server.requestCounts,
    writeRequests,
    setFailure: failure => faults.add(failure),
    clearFailures: () => faults.clear(),
    namespaces: () => [...namespaces.keys()].sort(),
    policies: namespace => {
      const state = namespaceOf(namespace);
      return Object.fromEntries(
        state
          .policyNames()
          .filter(name => name !== 'root')
          .map(name => [name, state.readPolicy(name)!.text]),
      );
    },
    kubernetesRole: (name, where = {}) =>
      backendIn<KubernetesAuthBackend>(
        where.namespace,
        where.mount ?? 'kubernetes',
        true,
      ).role(name),
    databaseRole: (name, where = {}) =>
      backendIn<DatabaseBackend>(
        where.namespace,
        where.mount ?? 'database',
        false,
      ).role(name),
    secret: (path, where = {}) =>
      backendIn<KvV2Engine>(
        where.namespace,
        where.mount ?? 'secret',
        false,
      ).read(path),
    secretPaths: (where = {}) =>
      backendIn<KvV2Engine>(
        where.namespace,
        where.mount ?? 'secret',
        false,
      ).paths(),
  };
}
