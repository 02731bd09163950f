import { type Backend, type BackendRequest, verbOf } from './backend';
import {
  parseDuration,
  parseKeyValuePairs,
  parseStringList,
} from './durations';
import {
  type BackendResult,
  type Operation,
  VaultError,
  badRequest,
  notFound,
} from './response';
import { DEFAULT_TOKEN_TTL } from './tokens';

/*
 * The Kubernetes auth method: roles bound to service account names and
 * namespaces, and a login that checks a service account JWT's claims against
 * the role. The sandbox decodes the JWT without asking a cluster's TokenReview
 * API, so any well-formed token with the right claims logs in.
 */

interface KubernetesRole {
  bound_service_account_names: string[];
  bound_service_account_namespaces: string[];
  audience: string;
  alias_name_source: string;
  token_policies: string[];
  token_ttl: number;
  token_max_ttl: number;
  token_bound_cidrs: string[];
  token_explicit_max_ttl: number;
  token_no_default_policy: boolean;
  token_num_uses: number;
  token_period: number;
  token_type: string;
  /**
   * Key/value pairs Vault 1.21+ stores on auth roles (a token field common
   * to auth methods) and copies onto the entity alias at login.
   */
  alias_metadata: Record<string, string>;
}

function decodeJwtClaims(jwt: unknown): Record<string, unknown> {
  const parts = typeof jwt === 'string' ? jwt.split('.') : [];
  if (parts.length !== 3)
    throw badRequest(
      'failed to parse JWT: go-jose/go-jose: compact JWS format must have three parts',
    );
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw badRequest('failed to parse JWT: invalid payload');
  }
}

function serviceAccountOf(claims: Record<string, unknown>) {
  const projected = claims['kubernetes.io'] as
    | { namespace?: string; serviceaccount?: { name?: string; uid?: string } }
    | undefined;
  return {
    name:
      projected?.serviceaccount?.name ??
      (claims['kubernetes.io/serviceaccount/service-account.name'] as
        | string
        | undefined),
    namespace:
      projected?.namespace ??
      (claims['kubernetes.io/serviceaccount/namespace'] as string | undefined),
    uid:
      projected?.serviceaccount?.uid ??
      (claims['kubernetes.io/serviceaccount/service-account.uid'] as
        | string
        | undefined) ??
      '',
  };
}

export class KubernetesAuthBackend implements Backend {
  readonly type = 'kubernetes';
  private readonly roles = new Map<string, KubernetesRole>();
  private config: Record<string, unknown> | undefined;
  private readonly mountPath: string;

  constructor(mountPath: string) {
    this.mountPath = mountPath;
  }

  role(name: string): KubernetesRole | undefined {
    const role = this.roles.get(name);
    return role ? structuredClone(role) : undefined;
  }

  isUnauthenticated(subpath: string): boolean {
    return subpath === 'login';
  }

  exists(subpath: string): boolean | undefined {
    const match = subpath.match(/^role\/([^/]+)$/);
    if (match) return this.roles.has(match[1].toLowerCase());
    return subpath === 'config' ? this.config !== undefined : undefined;
  }

  operationName(subpath: string, op: Operation): string {
    if (subpath === 'login') return 'kubernetes.login';
    if (subpath === 'config') return `kubernetes.config.${verbOf(op)}`;
    return `kubernetes.role.${verbOf(op)}`;
  }

  handle(request: BackendRequest): BackendResult {
    const { op, subpath, body } = request;
    if (subpath === 'login') return this.login(request);
    if (subpath === 'config') {
      if (op === 'read') {
        if (!this.config) throw notFound();
        const { token_reviewer_jwt: _secret, ...visible } = this.config;
        return { data: visible };
      }
      this.config = { ...this.config, ...body };
      return {};
    }
    if (subpath === 'role' || subpath === 'role/') {
      if (op !== 'list') throw new VaultError(405, ['unsupported operation']);
      if (this.roles.size === 0) throw notFound();
      return { data: { keys: [...this.roles.keys()].sort() } };
    }
    const match = subpath.match(/^role\/([^/]+)$/);
    if (!match)
      throw new VaultError(404, [
        `no handler for route "auth/${this.mountPath}/${subpath}". route entry not found.`,
      ]);
    const name = match[1].toLowerCase();
    if (op === 'read') {
      const role = this.roles.get(name);
      if (!role) throw notFound();
      return { data: structuredClone(role) };
    }
    if (op === 'delete') {
      this.roles.delete(name);
      return {};
    }
    this.roles.set(name, this.mergeRole(this.roles.get(name), body));
    return {};
  }

  /** Vault updates only the fields a write sends, then validates the result. */
  private mergeRole(
    existing: KubernetesRole | undefined,
    body: Record<string, unknown>,
  ): KubernetesRole {
    const pick = <T>(
      key: string,
      parse: (value: unknown) => T,
      fallback: T,
    ): T => (body[key] === undefined ? fallback : parse(body[key]));
    const policies = body.token_policies ?? body.policies;
    const role: KubernetesRole = {
      bound_service_account_names: pick(
        'bound_service_account_names',
        parseStringList,
        existing?.bound_service_account_names ?? [],
      ),
      bound_service_account_namespaces: pick(
        'bound_service_account_namespaces',
        parseStringList,
        existing?.bound_service_account_namespaces ?? [],
      ),
      audience: pick('audience', String, existing?.audience ?? ''),
      alias_name_source: pick(
        'alias_name_source',
        String,
        existing?.alias_name_source ?? 'serviceaccount_uid',
      ),
      token_policies:
        policies === undefined
          ? existing?.token_policies ?? []
          : parseStringList(policies),
      token_ttl: pick(
        'token_ttl',
        v => parseDuration(v, 'token_ttl'),
        pick('ttl', v => parseDuration(v, 'ttl'), existing?.token_ttl ?? 0),
      ),
      token_max_ttl: pick(
        'token_max_ttl',
        v => parseDuration(v, 'token_max_ttl'),
        pick(
          'max_ttl',
          v => parseDuration(v, 'max_ttl'),
          existing?.token_max_ttl ?? 0,
        ),
      ),
      token_bound_cidrs: pick(
        'token_bound_cidrs',
        parseStringList,
        existing?.token_bound_cidrs ?? [],
      ),
      token_explicit_max_ttl: pick(
        'token_explicit_max_ttl',
        v => parseDuration(v, 'token_explicit_max_ttl'),
        existing?.token_explicit_max_ttl ?? 0,
      ),
      token_no_default_policy: pick(
        'token_no_default_policy',
        v => v === true,
        existing?.token_no_default_policy ?? false,
      ),
      token_num_uses: pick(
        'token_num_uses',
        Number,
        existing?.token_num_uses ?? 0,
      ),
      token_period: pick(
        'token_period',
        v => parseDuration(v, 'token_period'),
        existing?.token_period ?? 0,
      ),
      token_type: pick('token_type', String, existing?.token_type ?? 'default'),
      alias_metadata: pick(
        'alias_metadata',
        v => parseKeyValuePairs(v, 'alias_metadata'),
        existing?.alias_metadata ?? {},
      ),
    };
    if (role.bound_service_account_names.length === 0) {
      throw badRequest('"bound_service_account_names" can not be empty');
    }
    if (role.bound_service_account_namespaces.length === 0) {
      throw badRequest('"bound_service_account_namespaces" can not be empty');
    }
    if (
      role.bound_service_account_names.length === 1 &&
      role.bound_service_account_names[0] === '*' &&
      role.bound_service_account_namespaces.length === 1 &&
      role.bound_service_account_namespaces[0] === '*'
    ) {
      throw badRequest(
        'service_account_names and service_account_namespaces can not both be "*"',
      );
    }
    if (role.token_max_ttl > 0 && role.token_ttl > role.token_max_ttl) {
      throw badRequest('token ttl should not be greater than token max ttl');
    }
    return role;
  }

  private login(request: BackendRequest): BackendResult {
    const roleName = request.body.role;
    if (typeof roleName !== 'string' || !roleName)
      throw badRequest('missing role');
    if (!request.body.jwt) throw badRequest('missing jwt');
    const role = this.roles.get(roleName.toLowerCase());
    if (!role) throw badRequest(`invalid role name "${roleName}"`);
    const account = serviceAccountOf(decodeJwtClaims(request.body.jwt));
    const allowed = (bound: string[], value: string | undefined) =>
      value !== undefined && bound.some(item => item === '*' || item === value);
    if (!allowed(role.bound_service_account_names, account.name)) {
      throw new VaultError(403, ['service account name not authorized']);
    }
    if (!allowed(role.bound_service_account_namespaces, account.namespace)) {
      throw new VaultError(403, ['namespace not authorized']);
    }
    const policies = role.token_no_default_policy
      ? role.token_policies
      : ['default', ...role.token_policies];
    const metadata = {
      role: roleName,
      service_account_name: account.name!,
      service_account_namespace: account.namespace!,
      service_account_uid: account.uid,
      service_account_secret_name: '',
    };
    const token = request.tokens.issue({
      namespace: request.namespace,
      policies,
      path: `auth/${this.mountPath}/login`,
      displayName: `${this.mountPath}-${account.namespace}-${account.name}`,
      ttl: role.token_ttl || DEFAULT_TOKEN_TTL,
      meta: metadata,
      orphan: true,
    });
    return {
      auth: request.tokens.authBlock(token, role.token_policies, metadata),
    };
  }
}
