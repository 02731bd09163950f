import { randomUUID } from 'node:crypto';
import { type Backend, type BackendRequest, verbOf } from './backend';
import { parseDuration, parseStringList } from './durations';
import {
  type BackendResult,
  type Operation,
  VaultError,
  badRequest,
  notFound,
} from './response';
import { DEFAULT_TOKEN_TTL } from './tokens';

/*
 * The AppRole auth method: roles with a role_id and issued secret_ids; login
 * exchanges the pair for a token carrying the role's policies.
 */

interface AppRole {
  role_id: string;
  bind_secret_id: boolean;
  secret_id_ttl: number;
  secret_id_num_uses: number;
  token_policies: string[];
  token_ttl: number;
  token_max_ttl: number;
  secretIds: Map<
    string,
    { accessor: string; createdAt: number; usesLeft: number; ttl: number }
  >;
}

export interface AppRoleSeed {
  name: string;
  roleId: string;
  secretId: string;
  policies: string[];
}

export class AppRoleBackend implements Backend {
  readonly type = 'approle';
  private readonly roles = new Map<string, AppRole>();
  private readonly mountPath: string;

  constructor(mountPath: string) {
    this.mountPath = mountPath;
  }

  seed(seed: AppRoleSeed): void {
    const role = this.writeRole(seed.name, {
      token_policies: seed.policies,
      role_id: seed.roleId,
    });
    role.secretIds.set(seed.secretId, {
      accessor: randomUUID(),
      createdAt: Date.now(),
      usesLeft: 0,
      ttl: 0,
    });
  }

  isUnauthenticated(subpath: string): boolean {
    return subpath === 'login';
  }

  exists(subpath: string): boolean | undefined {
    const match = subpath.match(/^role\/([^/]+)$/);
    return match ? this.roles.has(match[1].toLowerCase()) : undefined;
  }

  operationName(subpath: string, op: Operation): string {
    if (subpath === 'login') return 'approle.login';
    return `approle.role.${verbOf(op)}`;
  }

  handle(request: BackendRequest): BackendResult {
    const { op, subpath, body } = request;
    if (subpath === 'login') return this.login(request);
    if (subpath === 'role' || subpath === 'role/') {
      if (op !== 'list') throw new VaultError(405, ['unsupported operation']);
      if (this.roles.size === 0) throw notFound();
      return { data: { keys: [...this.roles.keys()].sort() } };
    }
    const match = subpath.match(
      /^role\/([^/]+)(?:\/(role-id|secret-id|custom-secret-id))?$/,
    );
    if (!match)
      throw new VaultError(404, [
        `no handler for route "auth/${this.mountPath}/${subpath}". route entry not found.`,
      ]);
    const name = match[1].toLowerCase();
    const role = this.roles.get(name);
    switch (match[2]) {
      case undefined:
        if (op === 'read') {
          if (!role) throw notFound();
          const { secretIds: _ignored, role_id: _roleId, ...config } = role;
          return {
            data: {
              ...config,
              policies: role.token_policies,
              token_type: 'default',
            },
          };
        }
        if (op === 'delete') {
          this.roles.delete(name);
          return {};
        }
        this.writeRole(name, body);
        return {};
      case 'role-id':
        if (!role) throw badRequest(`role "${name}" does not exist`);
        if (op === 'read') return { data: { role_id: role.role_id } };
        if (typeof body.role_id !== 'string' || !body.role_id)
          throw badRequest('missing role_id');
        role.role_id = body.role_id;
        return {};
      default: {
        if (!role) throw badRequest(`role "${name}" does not exist`);
        const secretId =
          match[2] === 'custom-secret-id'
            ? String(body.secret_id ?? '')
            : randomUUID();
        if (!secretId) throw badRequest('missing secret_id');
        const accessor = randomUUID();
        role.secretIds.set(secretId, {
          accessor,
          createdAt: Date.now(),
          usesLeft: role.secret_id_num_uses,
          ttl: role.secret_id_ttl,
        });
        return {
          data: {
            secret_id: secretId,
            secret_id_accessor: accessor,
            secret_id_ttl: role.secret_id_ttl,
            secret_id_num_uses: role.secret_id_num_uses,
          },
        };
      }
    }
  }

  private writeRole(name: string, body: Record<string, unknown>): AppRole {
    const existing = this.roles.get(name);
    const policies = body.token_policies ?? body.policies;
    const role: AppRole = {
      role_id:
        existing?.role_id ??
        (typeof body.role_id === 'string' ? body.role_id : randomUUID()),
      bind_secret_id:
        body.bind_secret_id === undefined
          ? existing?.bind_secret_id ?? true
          : body.bind_secret_id !== false,
      secret_id_ttl:
        body.secret_id_ttl === undefined
          ? existing?.secret_id_ttl ?? 0
          : parseDuration(body.secret_id_ttl, 'secret_id_ttl'),
      secret_id_num_uses:
        body.secret_id_num_uses === undefined
          ? existing?.secret_id_num_uses ?? 0
          : Number(body.secret_id_num_uses),
      token_policies:
        policies === undefined
          ? existing?.token_policies ?? []
          : parseStringList(policies),
      token_ttl:
        body.token_ttl === undefined
          ? existing?.token_ttl ?? 0
          : parseDuration(body.token_ttl, 'token_ttl'),
      token_max_ttl:
        body.token_max_ttl === undefined
          ? existing?.token_max_ttl ?? 0
          : parseDuration(body.token_max_ttl, 'token_max_ttl'),
      secretIds: existing?.secretIds ?? new Map(),
    };
    if (role.token_max_ttl > 0 && role.token_ttl > role.token_max_ttl) {
      throw badRequest(
        '"token_ttl" value must be less than "token_max_ttl" value',
      );
    }
    this.roles.set(name, role);
    return role;
  }

  private login(request: BackendRequest): BackendResult {
    const roleId = request.body.role_id;
    if (typeof roleId !== 'string' || !roleId)
      throw badRequest('missing role_id');
    const entry = [...this.roles.entries()].find(
      ([, role]) => role.role_id === roleId,
    );
    if (!entry) throw badRequest('invalid role or secret ID');
    const [name, role] = entry;
    if (role.bind_secret_id) {
      const secretId = request.body.secret_id;
      if (typeof secretId !== 'string' || !secretId)
        throw badRequest('missing secret_id');
      const secret = role.secretIds.get(secretId);
      const expired =
        secret &&
        secret.ttl > 0 &&
        Date.now() > secret.createdAt + secret.ttl * 1000;
      if (!secret || expired) throw badRequest('invalid role or secret ID');
      if (secret.usesLeft > 0) {
        secret.usesLeft -= 1;
        if (secret.usesLeft === 0) role.secretIds.delete(secretId);
      }
    }
    const token = request.tokens.issue({
      namespace: request.namespace,
      policies: ['default', ...role.token_policies],
      path: `auth/${this.mountPath}/login`,
      displayName: `${this.mountPath}`,
      ttl: role.token_ttl || DEFAULT_TOKEN_TTL,
      meta: { role_name: name },
      orphan: true,
    });
    return {
      auth: request.tokens.authBlock(token, role.token_policies, {
        role_name: name,
      }),
    };
  }
}
