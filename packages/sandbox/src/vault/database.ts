import { type Backend, type BackendRequest, verbOf } from './backend';
import { parseDuration, parseStringList } from './durations';
import {
  type BackendResult,
  type Operation,
  VaultError,
  badRequest,
  notFound,
} from './response';

/*
 * The database secrets engine's configuration side: connections under
 * `config/` and dynamic roles under `roles/`. Credentials are not issued:
 * no database sits behind the sandbox.
 */

interface DatabaseRole {
  db_name: string;
  creation_statements: string[];
  revocation_statements: string[];
  rollback_statements: string[];
  renew_statements: string[];
  default_ttl: number;
  max_ttl: number;
  credential_type: string;
  credential_config: Record<string, unknown>;
}

function statements(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

export class DatabaseBackend implements Backend {
  readonly type = 'database';
  private readonly roles = new Map<string, DatabaseRole>();
  private readonly connections = new Map<string, Record<string, unknown>>();

  isUnauthenticated(): boolean {
    return false;
  }

  exists(subpath: string): boolean | undefined {
    const [kind, name] = subpath.split('/');
    if (kind === 'roles') return this.roles.has(name);
    if (kind === 'config') return this.connections.has(name);
    return undefined;
  }

  operationName(subpath: string, op: Operation): string {
    return `database.${
      subpath.startsWith('config') ? 'config' : 'role'
    }.${verbOf(op)}`;
  }

  role(name: string): DatabaseRole | undefined {
    const role = this.roles.get(name);
    return role ? structuredClone(role) : undefined;
  }

  handle({ op, subpath, body }: BackendRequest): BackendResult {
    const [kind, name, ...rest] = subpath.split('/');
    const collections: Record<string, Map<string, unknown>> = {
      roles: this.roles,
      config: this.connections,
    };
    const collection = collections[kind];
    if (!collection || rest.length > 0) {
      throw new VaultError(404, [
        `no handler for route "database/${subpath}". route entry not found.`,
      ]);
    }
    if (!name) {
      if (op !== 'list') throw new VaultError(405, ['unsupported operation']);
      if (collection.size === 0) throw notFound();
      return { data: { keys: [...collection.keys()].sort() } };
    }
    if (op === 'read') {
      const item = collection.get(name);
      if (!item) throw notFound();
      return {
        data:
          kind === 'config'
            ? this.visibleConnection(item as Record<string, unknown>)
            : structuredClone(item),
      };
    }
    if (op === 'delete') {
      collection.delete(name);
      return {};
    }
    if (kind === 'config') {
      if (!body.plugin_name && !this.connections.has(name))
        throw badRequest('empty plugin name');
      this.connections.set(name, {
        ...this.connections.get(name),
        ...body,
        allowed_roles: parseStringList(
          body.allowed_roles ?? this.connections.get(name)?.allowed_roles,
        ),
      });
      return {};
    }
    this.roles.set(name, this.mergeRole(this.roles.get(name), body));
    return {};
  }

  private mergeRole(
    existing: DatabaseRole | undefined,
    body: Record<string, unknown>,
  ): DatabaseRole {
    const role: DatabaseRole = {
      db_name:
        body.db_name === undefined
          ? existing?.db_name ?? ''
          : String(body.db_name),
      creation_statements:
        body.creation_statements === undefined
          ? existing?.creation_statements ?? []
          : statements(body.creation_statements),
      revocation_statements:
        body.revocation_statements === undefined
          ? existing?.revocation_statements ?? []
          : statements(body.revocation_statements),
      rollback_statements:
        body.rollback_statements === undefined
          ? existing?.rollback_statements ?? []
          : statements(body.rollback_statements),
      renew_statements:
        body.renew_statements === undefined
          ? existing?.renew_statements ?? []
          : statements(body.renew_statements),
      default_ttl:
        body.default_ttl === undefined
          ? existing?.default_ttl ?? 0
          : parseDuration(body.default_ttl, 'default_ttl'),
      max_ttl:
        body.max_ttl === undefined
          ? existing?.max_ttl ?? 0
          : parseDuration(body.max_ttl, 'max_ttl'),
      credential_type: String(
        body.credential_type ?? existing?.credential_type ?? 'password',
      ),
      credential_config:
        (body.credential_config as Record<string, unknown>) ??
        existing?.credential_config ??
        {},
    };
    if (!role.db_name) throw badRequest('empty database name attribute');
    if (role.creation_statements.length === 0)
      throw badRequest('empty creation statements attribute');
    if (role.max_ttl > 0 && role.default_ttl > role.max_ttl) {
      throw badRequest('"default_ttl" value must be less than "max_ttl" value');
    }
    return role;
  }

  private visibleConnection(connection: Record<string, unknown>) {
    const { password: _password, private_key: _key, ...rest } = connection;
    const { connection_url, username, ...others } = rest;
    return { ...others, connection_details: { connection_url, username } };
  }
}
