import { AppRoleBackend } from './approle';
import { type Backend, verbOf } from './backend';
import { DatabaseBackend } from './database';
import { KubernetesAuthBackend } from './kubernetesAuth';
import { KvV2Engine } from './kv';
import { parseStringList } from './durations';
import { NamespaceState } from './namespaceState';
import {
  type BackendResult,
  type Operation,
  VaultError,
  badRequest,
  notFound,
} from './response';

/*
 * The `sys/` endpoints the product and the tests use: ACL policies, health,
 * mounts, auth methods, namespaces and capabilities-self.
 */

export interface SysContext {
  op: Operation;
  /** Path below `sys/`. */
  subpath: string;
  body: Record<string, unknown>;
  namespace: NamespaceState;
  /** Creates, lists and deletes child namespaces of the current one. */
  namespaces: {
    create(path: string): void;
    children(): string[];
    remove(path: string): boolean;
  };
  /** Capabilities of the calling token on a path (for capabilities-self). */
  capabilities(path: string): string[];
}

export const HEALTH = {
  initialized: true,
  sealed: false,
  standby: false,
  performance_standby: false,
  replication_performance_mode: 'disabled',
  replication_dr_mode: 'disabled',
  // 1.21: the release that stores alias_metadata on auth roles (see
  // kubernetesAuth.ts), which the platform's owner marker relies on.
  version: '1.21.2+ent',
  enterprise: true,
  cluster_name: 'vault-cluster-sandbox',
  cluster_id: '9b3f1f3e-5a53-4f0b-9c7e-5c4b9f1d2a10',
};

export function sysOperationName(subpath: string, op: Operation): string {
  const area = subpath.split('/')[0];
  if (subpath.startsWith('policies/acl')) return `sys.policy.${verbOf(op)}`;
  return `sys.${area}${area === 'health' ? '' : `.${verbOf(op)}`}`;
}

export function sysExists(
  namespace: NamespaceState,
  subpath: string,
): boolean | undefined {
  const match = subpath.match(/^policies\/acl\/(.+)$/);
  return match ? namespace.readPolicy(match[1]) !== undefined : undefined;
}

function newBackend(
  type: unknown,
  options: unknown,
  path: string,
  auth: boolean,
): Backend {
  const version = (options as { version?: string } | undefined)?.version;
  if (!auth && (type === 'kv-v2' || (type === 'kv' && String(version) === '2')))
    return new KvV2Engine();
  if (!auth && type === 'database') return new DatabaseBackend();
  if (auth && type === 'approle') return new AppRoleBackend(path);
  if (auth && type === 'kubernetes') return new KubernetesAuthBackend(path);
  throw badRequest(
    `plugin not found in the catalog: ${String(type)}${
      type === 'kv' ? ' (the sandbox only serves KV version 2)' : ''
    }`,
  );
}

function mountTable(table: Map<string, Backend>) {
  return Object.fromEntries(
    [...table.entries()].map(([path, backend]) => [
      `${path}/`,
      {
        type: backend.type,
        description: '',
        options: backend.type === 'kv' ? { version: '2' } : null,
        config: { default_lease_ttl: 0, max_lease_ttl: 0 },
      },
    ]),
  );
}

export function handleSys(context: SysContext): BackendResult {
  const { op, subpath, body, namespace } = context;
  if (subpath === 'policies/acl' || subpath === 'policies/acl/') {
    if (op !== 'list') throw new VaultError(405, ['unsupported operation']);
    return {
      data: {
        keys: namespace.policyNames().filter(name => name !== 'root'),
        policies: namespace.policyNames(),
      },
    };
  }
  const policyMatch = subpath.match(/^policies\/acl\/(.+)$/);
  if (policyMatch) {
    const name = policyMatch[1];
    if (op === 'read') {
      const policy = namespace.readPolicy(name);
      if (!policy) throw notFound();
      return { data: { name: name.toLowerCase(), policy: policy.text } };
    }
    if (op === 'delete') {
      namespace.deletePolicy(name);
      return {};
    }
    namespace.writePolicy(name, body.policy);
    return {};
  }

  if (subpath === 'capabilities-self') {
    const paths = parseStringList(body.paths ?? body.path);
    if (paths.length === 0) throw badRequest('paths must be supplied');
    const byPath = Object.fromEntries(
      paths.map(path => [path, context.capabilities(path)]),
    );
    return {
      data: {
        ...byPath,
        capabilities: paths.length === 1 ? byPath[paths[0]] : undefined,
      },
    };
  }

  const mountMatch = subpath.match(/^(mounts|auth)(?:\/(.+?))?\/?$/);
  if (mountMatch) {
    const auth = mountMatch[1] === 'auth';
    const table = auth ? namespace.authMounts : namespace.mounts;
    const path = mountMatch[2];
    if (!path) {
      if (op !== 'read') throw new VaultError(405, ['unsupported operation']);
      return { data: mountTable(table) };
    }
    if (op === 'delete') {
      table.delete(path);
      return {};
    }
    if (op === 'create' || op === 'update') {
      if (table.has(path))
        throw badRequest(`path is already in use at ${path}/`);
      table.set(path, newBackend(body.type, body.options, path, auth));
      return {};
    }
    throw new VaultError(405, ['unsupported operation']);
  }

  const namespaceMatch = subpath.match(/^namespaces(?:\/(.+?))?\/?$/);
  if (namespaceMatch) {
    const child = namespaceMatch[1];
    if (!child) {
      if (op !== 'list') throw new VaultError(405, ['unsupported operation']);
      const keys = context.namespaces.children().map(name => `${name}/`);
      if (keys.length === 0) throw notFound();
      return { data: { keys } };
    }
    if (op === 'read') {
      if (!context.namespaces.children().includes(child)) throw notFound();
      return {
        data: {
          id: child,
          path: `${namespace.path ? `${namespace.path}/` : ''}${child}/`,
          custom_metadata: {},
        },
      };
    }
    if (op === 'delete') {
      context.namespaces.remove(child);
      return {};
    }
    context.namespaces.create(child);
    return {
      data: {
        id: child,
        path: `${namespace.path ? `${namespace.path}/` : ''}${child}/`,
        custom_metadata: {},
      },
    };
  }

  throw new VaultError(404, [
    `no handler for route "sys/${subpath}". route entry not found.`,
  ]);
}
