import { CallPolicy } from '../../config/callPolicy';
import { VaultConfig } from '../../config/vault';
import {
  HttpRequest,
  HttpResponse,
  UpstreamHttpClient,
} from '../../http/UpstreamHttpClient';

const hint = (status: number | undefined, message: string | undefined) => {
  if (status === 403) {
    return 'The Vault token (or AppRole) configured in eksPlatform.vault.auth lacks a capability for this path; extend its policy.';
  }
  if (status === 503 && message && /sealed/i.test(message)) {
    return 'Vault is sealed; unseal it and retry the task.';
  }
  if (status === 404) {
    return 'Vault does not know this path; check the mounts in eksPlatform.vault (kvMount, kubernetesAuthMount, databaseMount) and the Vault namespace.';
  }
  return undefined;
};

/**
 * Vault over its HTTP API, authenticated with a token or an AppRole login
 * (the client token is obtained once per action run and kept in memory only).
 */
export class VaultClient {
  private clientToken?: string;
  private readonly http: UpstreamHttpClient;
  private readonly loginHttp: UpstreamHttpClient;
  private readonly healthHttp: UpstreamHttpClient;

  constructor(
    private readonly config: VaultConfig,
    policy: CallPolicy,
    vaultNamespace: string | undefined,
    signal?: AbortSignal,
  ) {
    const secrets = () => [
      this.clientToken,
      config.auth.method === 'token' ? config.auth.token : config.auth.secretId,
    ];
    const nsHeader = (): Record<string, string> =>
      vaultNamespace ? { 'X-Vault-Namespace': vaultNamespace } : {};
    this.http = new UpstreamHttpClient({
      upstream: 'Vault',
      baseUrl: `${config.url.replace(/\/+$/, '')}/v1`,
      headers: async () => ({
        'X-Vault-Token': await this.token(),
        ...nsHeader(),
      }),
      knownSecrets: secrets,
      timeoutMs: policy.timeoutMs,
      retry: policy.retry,
      signal,
      hint,
    });
    this.loginHttp = new UpstreamHttpClient({
      upstream: 'Vault',
      baseUrl: `${config.url.replace(/\/+$/, '')}/v1`,
      headers: nsHeader,
      knownSecrets: secrets,
      timeoutMs: policy.timeoutMs,
      retry: policy.retry,
      signal,
      hint: (status, message) =>
        status === 400 || status === 403
          ? 'Vault rejected the AppRole login; check eksPlatform.vault.auth.roleId and secretId.'
          : hint(status, message),
    });
    // sys/health needs no token and lives in the root namespace only.
    this.healthHttp = new UpstreamHttpClient({
      upstream: 'Vault',
      baseUrl: `${config.url.replace(/\/+$/, '')}/v1`,
      knownSecrets: secrets,
      timeoutMs: policy.timeoutMs,
      retry: policy.retry,
      signal,
      hint,
    });
  }

  /**
   * The server's version from `sys/health` (no token needed), e.g.
   * `1.21.2+ent`. Standby, DR and performance standby nodes answer with
   * their own status codes but the same body.
   */
  async serverVersion(): Promise<string | undefined> {
    const res = await this.healthHttp.request<{ version?: unknown }>({
      operation: 'read the server version (sys/health)',
      method: 'GET',
      path: '/sys/health',
      accept: [429, 472, 473, 501, 503],
    });
    const version = res.body?.version;
    return typeof version === 'string' ? version : undefined;
  }

  private async token(): Promise<string> {
    if (this.config.auth.method === 'token') return this.config.auth.token;
    if (!this.clientToken) {
      const { roleId, secretId, mount } = this.config.auth;
      const res = await this.loginHttp.request<{
        auth?: { client_token?: string };
      }>({
        operation: `log in with AppRole (mount "${mount}")`,
        method: 'POST',
        path: `/auth/${mount}/login`,
        body: { role_id: roleId, secret_id: secretId },
      });
      this.clientToken = res.body?.auth?.client_token;
      if (!this.clientToken) {
        throw new Error(
          'Vault AppRole login returned no client token; check the AppRole configuration.',
        );
      }
    }
    return this.clientToken;
  }

  request<T = any>(req: HttpRequest): Promise<HttpResponse<T>> {
    return this.http.request<T>(req);
  }
}
