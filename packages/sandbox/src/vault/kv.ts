import { type Backend, type BackendRequest } from './backend';
import { parseDuration } from './durations';
import {
  type BackendResult,
  type Operation,
  VaultError,
  badRequest,
  notFound,
} from './response';

/*
 * KV secrets engine version 2: versioned secrets under `<mount>/data/<path>`,
 * metadata under `<mount>/metadata/<path>`, check-and-set with `options.cas`.
 */

interface Version {
  data: Record<string, unknown>;
  created_time: string;
  deletion_time: string;
  destroyed: boolean;
}

interface Secret {
  versions: Map<number, Version>;
  current_version: number;
  oldest_version: number;
  max_versions: number;
  cas_required: boolean;
  delete_version_after: string;
  custom_metadata: Record<string, string> | null;
  created_time: string;
  updated_time: string;
}

const DEFAULT_MAX_VERSIONS = 10;

function now(): string {
  return new Date().toISOString();
}

function versionMetadata(secret: Secret, number: number) {
  const version = secret.versions.get(number)!;
  return {
    created_time: version.created_time,
    custom_metadata: secret.custom_metadata,
    deletion_time: version.deletion_time,
    destroyed: version.destroyed,
    version: number,
  };
}

export class KvV2Engine implements Backend {
  readonly type = 'kv';
  private readonly secrets = new Map<string, Secret>();

  /** For the ACL: a write to an existing secret needs `update`, to a new one `create`. */
  exists(subpath: string): boolean | undefined {
    const { kind, path } = this.split(subpath);
    if (kind === 'data' || kind === 'metadata') return this.secrets.has(path);
    return undefined;
  }

  operationName(subpath: string, op: Operation): string {
    const { kind } = this.split(subpath);
    const verb = op === 'create' || op === 'update' ? 'write' : op;
    return kind === 'metadata' ? `kv.metadata.${verb}` : `kv.${verb}`;
  }

  /** Secrets under a path, for tests and inspection. */
  read(path: string): Record<string, unknown> | undefined {
    const secret = this.secrets.get(path);
    const version = secret?.versions.get(secret.current_version);
    return version && !version.deletion_time && !version.destroyed
      ? structuredClone(version.data)
      : undefined;
  }

  paths(): string[] {
    return [...this.secrets.keys()].sort();
  }

  isUnauthenticated(): boolean {
    return false;
  }

  handle({ op, subpath, body, query }: BackendRequest): BackendResult {
    const { kind, path } = this.split(subpath);
    if (kind === 'data' && path) return this.handleData(op, path, body, query);
    if (kind === 'metadata') return this.handleMetadata(op, path, body);
    if (kind === 'config' && op === 'read') {
      return {
        data: {
          cas_required: false,
          delete_version_after: '0s',
          max_versions: 0,
        },
      };
    }
    throw new VaultError(404, [
      `no handler for route "${subpath}". route entry not found.`,
    ]);
  }

  private split(subpath: string): { kind: string; path: string } {
    const slash = subpath.indexOf('/');
    return slash < 0
      ? { kind: subpath, path: '' }
      : { kind: subpath.slice(0, slash), path: subpath.slice(slash + 1) };
  }

  private handleData(
    op: Operation,
    path: string,
    body: Record<string, unknown>,
    query: URLSearchParams,
  ): BackendResult {
    if (op === 'read') {
      const secret = this.secrets.get(path);
      if (!secret) throw notFound();
      const requested =
        Number(query.get('version') ?? 0) || secret.current_version;
      const version = secret.versions.get(requested);
      if (!version) throw notFound();
      const metadata = versionMetadata(secret, requested);
      if (version.deletion_time || version.destroyed) {
        throw new VaultError(404, [], { data: null, metadata });
      }
      return { data: { data: structuredClone(version.data), metadata } };
    }
    if (op === 'create' || op === 'update') {
      return { data: this.write(path, body) };
    }
    if (op === 'patch') {
      // JSON merge patch onto the current version; Vault answers 404 when there is nothing to patch.
      const secret = this.secrets.get(path);
      const current = secret?.versions.get(secret.current_version);
      if (!current || current.deletion_time || current.destroyed)
        throw notFound();
      const patch = (body.data ?? {}) as Record<string, unknown>;
      const merged: Record<string, unknown> = { ...current.data };
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      return {
        data: this.write(path, { data: merged, options: body.options }),
      };
    }
    if (op === 'delete') {
      const secret = this.secrets.get(path);
      const version = secret?.versions.get(secret.current_version);
      if (version && !version.deletion_time) version.deletion_time = now();
      return {};
    }
    throw new VaultError(405, ['unsupported operation']);
  }

  private write(path: string, body: Record<string, unknown>) {
    const data = body.data;
    if (data === undefined || data === null)
      throw badRequest('no data provided');
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw badRequest('data must be an object of key/value pairs');
    }
    const options = (body.options ?? {}) as { cas?: unknown };
    const existing = this.secrets.get(path);
    if (options.cas !== undefined) {
      const cas = Number(options.cas);
      if (!Number.isInteger(cas) || cas !== (existing?.current_version ?? 0)) {
        throw badRequest(
          'check-and-set parameter did not match the current version',
        );
      }
    } else if (existing?.cas_required) {
      throw badRequest('check-and-set parameter required for this call');
    }
    const created = now();
    const secret: Secret = existing ?? {
      versions: new Map(),
      current_version: 0,
      oldest_version: 0,
      max_versions: 0,
      cas_required: false,
      delete_version_after: '0s',
      custom_metadata: null,
      created_time: created,
      updated_time: created,
    };
    secret.current_version += 1;
    secret.updated_time = created;
    secret.versions.set(secret.current_version, {
      data: structuredClone(data as Record<string, unknown>),
      created_time: created,
      deletion_time: '',
      destroyed: false,
    });
    const limit = secret.max_versions || DEFAULT_MAX_VERSIONS;
    for (const number of [...secret.versions.keys()].sort((a, b) => a - b)) {
      if (secret.versions.size <= limit) break;
      secret.versions.delete(number);
    }
    secret.oldest_version = Math.min(...secret.versions.keys());
    this.secrets.set(path, secret);
    return versionMetadata(secret, secret.current_version);
  }

  private handleMetadata(
    op: Operation,
    path: string,
    body: Record<string, unknown>,
  ): BackendResult {
    if (op === 'list') {
      const prefix = path === '' || path.endsWith('/') ? path : `${path}/`;
      const keys = new Set<string>();
      for (const secretPath of this.secrets.keys()) {
        if (!secretPath.startsWith(prefix)) continue;
        const rest = secretPath.slice(prefix.length);
        const slash = rest.indexOf('/');
        keys.add(slash < 0 ? rest : rest.slice(0, slash + 1));
      }
      if (keys.size === 0) throw notFound();
      return { data: { keys: [...keys].sort() } };
    }
    const secret = this.secrets.get(path);
    if (op === 'read') {
      if (!secret) throw notFound();
      const versions = Object.fromEntries(
        [...secret.versions.entries()].map(([number, version]) => [
          String(number),
          {
            created_time: version.created_time,
            deletion_time: version.deletion_time,
            destroyed: version.destroyed,
          },
        ]),
      );
      return {
        data: {
          cas_required: secret.cas_required,
          created_time: secret.created_time,
          current_version: secret.current_version,
          custom_metadata: secret.custom_metadata,
          delete_version_after: secret.delete_version_after,
          max_versions: secret.max_versions,
          oldest_version: secret.oldest_version,
          updated_time: secret.updated_time,
          versions,
        },
      };
    }
    if (op === 'delete') {
      this.secrets.delete(path);
      return {};
    }
    if (op === 'create' || op === 'update') {
      if (!path) throw badRequest('missing path');
      const created = now();
      const target: Secret = secret ?? {
        versions: new Map(),
        current_version: 0,
        oldest_version: 0,
        max_versions: 0,
        cas_required: false,
        delete_version_after: '0s',
        custom_metadata: null,
        created_time: created,
        updated_time: created,
      };
      if (body.max_versions !== undefined)
        target.max_versions = Number(body.max_versions);
      if (body.cas_required !== undefined)
        target.cas_required =
          body.cas_required === true || body.cas_required === 'true';
      if (body.delete_version_after !== undefined) {
        target.delete_version_after = `${parseDuration(
          body.delete_version_after,
          'delete_version_after',
        )}s`;
      }
      if (body.custom_metadata !== undefined)
        target.custom_metadata = body.custom_metadata as Record<string, string>;
      target.updated_time = created;
      this.secrets.set(path, target);
      return {};
    }
    throw new VaultError(405, ['unsupported operation']);
  }
}
