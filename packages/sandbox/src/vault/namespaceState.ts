import { AppRoleBackend } from './approle';
import { type Backend } from './backend';
import { DatabaseBackend } from './database';
import { type PathRule, parsePolicy } from './hcl';
import { KubernetesAuthBackend } from './kubernetesAuth';
import { KvV2Engine } from './kv';
import { badRequest } from './response';
import { TokenAuthBackend } from './tokenAuth';

/*
 * Everything that lives inside one Vault namespace: secrets engine mounts,
 * auth method mounts and ACL policies. Each namespace starts like a fresh
 * `vault server -dev` (KV v2 at `secret/`) plus `database/`, AppRole and
 * Kubernetes auth, because the product expects them to be set up.
 */

/** Vault's built-in `default` policy (the parts that matter to clients here). */
export const DEFAULT_POLICY = `
# Allow tokens to look up their own properties
path "auth/token/lookup-self" {
    capabilities = ["read"]
}
path "auth/token/renew-self" {
    capabilities = ["update"]
}
path "auth/token/revoke-self" {
    capabilities = ["update"]
}
path "sys/capabilities-self" {
    capabilities = ["update"]
}
path "sys/internal/ui/resultant-acl" {
    capabilities = ["read"]
}
`;

interface StoredPolicy {
  text: string;
  rules: PathRule[];
}

export class NamespaceState {
  readonly path: string;
  readonly mounts = new Map<string, Backend>();
  readonly authMounts = new Map<string, Backend>();
  private readonly policies = new Map<string, StoredPolicy>();

  constructor(path: string) {
    this.path = path;
    this.mounts.set('secret', new KvV2Engine());
    this.mounts.set('database', new DatabaseBackend());
    this.authMounts.set('token', new TokenAuthBackend());
    this.authMounts.set('approle', new AppRoleBackend('approle'));
    this.authMounts.set('kubernetes', new KubernetesAuthBackend('kubernetes'));
    this.policies.set('default', {
      text: DEFAULT_POLICY,
      rules: parsePolicy(DEFAULT_POLICY),
    });
  }

  /** Parses, then stores (parse errors leave the old policy in place). */
  writePolicy(name: string, text: unknown): void {
    const normalised = name.toLowerCase();
    if (normalised === 'root') throw badRequest('cannot update "root" policy');
    if (typeof text !== 'string' || text.trim() === '') {
      throw badRequest("'policy' parameter not supplied or empty");
    }
    let source = text;
    // Vault also accepts a base64-encoded policy.
    if (/^[A-Za-z0-9+/=\s]+$/.test(text) && !text.includes('path')) {
      source = Buffer.from(text, 'base64').toString('utf8');
    }
    try {
      this.policies.set(normalised, {
        text: source,
        rules: parsePolicy(source),
      });
    } catch (error) {
      throw badRequest((error as Error).message);
    }
  }

  readPolicy(name: string): StoredPolicy | undefined {
    return this.policies.get(name.toLowerCase());
  }

  deletePolicy(name: string): void {
    const normalised = name.toLowerCase();
    if (normalised === 'default' || normalised === 'root') {
      throw badRequest(`cannot delete "${normalised}" policy`);
    }
    this.policies.delete(normalised);
  }

  policyNames(): string[] {
    return [...this.policies.keys(), 'root'].sort();
  }

  /** The rules of the named policies that exist here (unknown names grant nothing, as in Vault). */
  rulesFor(names: string[]): PathRule[][] {
    return names.flatMap(name => {
      const policy = this.policies.get(name);
      return policy ? [policy.rules] : [];
    });
  }

  /** The mount serving a path (`secret/data/x` → `secret`), longest match first. */
  resolve(
    path: string,
  ):
    | { mount: string; backend: Backend; subpath: string; isAuth: boolean }
    | undefined {
    const isAuth = path.startsWith('auth/');
    const rest = isAuth ? path.slice('auth/'.length) : path;
    const table = isAuth ? this.authMounts : this.mounts;
    const candidates = [...table.keys()].sort((a, b) => b.length - a.length);
    for (const mount of candidates) {
      if (rest === mount || rest.startsWith(`${mount}/`)) {
        return {
          mount,
          backend: table.get(mount)!,
          subpath: rest.slice(mount.length + 1),
          isAuth,
        };
      }
    }
    return undefined;
  }
}
