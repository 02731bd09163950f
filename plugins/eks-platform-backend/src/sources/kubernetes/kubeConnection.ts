import http from 'node:http';
import https from 'node:https';
import { KubeConfig, User } from '@kubernetes/client-node';
import {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';

/** Credentials are short-lived for EKS (presigned STS, 15 min): refresh well before. */
const CREDENTIAL_TTL_MS = 5 * 60 * 1000;

/** A Kubernetes API error with the HTTP status the informer needs (410 → re-list). */
export class KubeApiError extends Error {
  constructor(message: string, readonly statusCode?: number) {
    super(message);
  }
}

/**
 * A request that failed before or while being answered, named by its
 * socket error code only: the message reaches the status, so never the URL.
 */
export function requestFailed(what: string, error: Error): KubeApiError {
  return new KubeApiError(
    `${what} failed: ${
      (error as NodeJS.ErrnoException).code ?? 'network error'
    }`,
  );
}

/**
 * A KubeConfig for one cluster whose credentials come from the stock
 * Kubernetes backend's auth strategies, fetched fresh on every connection
 * (cached for a few minutes), so long-running watches survive token expiry.
 */
export class KubeConnection {
  readonly kubeConfig: KubeConfig;
  private credential?: { value: KubernetesCredential; at: number };

  constructor(
    readonly cluster: ClusterDetails,
    private readonly strategy: AuthenticationStrategy,
  ) {
    const kc = new KubeConfig();
    const isHttp = cluster.url.startsWith('http:');
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          // The client refuses plain http unless told to skip TLS checks;
          // for an http URL there is no TLS to check.
          skipTLSVerify: isHttp || Boolean(cluster.skipTLSVerify),
          caData: cluster.caData,
          caFile: cluster.caFile,
        },
      ],
      users: [
        {
          name: 'eks-platform',
          authProvider: { name: 'backstage-auth-strategy', config: {} },
        },
      ],
      contexts: [
        { name: cluster.name, cluster: cluster.name, user: 'eks-platform' },
      ],
      currentContext: cluster.name,
    });
    kc.addAuthenticator({
      isAuthProvider: (user: User) =>
        user.authProvider?.name === 'backstage-auth-strategy',
      applyAuthentication: async (_user, opts) => {
        const credential = await this.getCredential();
        const o = opts as https.RequestOptions;
        const headers = (o.headers ?? {}) as Record<string, string>;
        o.headers = headers;
        if (credential.type === 'bearer token') {
          headers.Authorization = `Bearer ${credential.token}`;
        } else if (credential.type === 'x509 client certificate') {
          o.cert = credential.cert;
          o.key = credential.key;
        }
      },
    });
    this.kubeConfig = kc;
  }

  private async getCredential(): Promise<KubernetesCredential> {
    if (
      this.credential &&
      Date.now() - this.credential.at < CREDENTIAL_TTL_MS
    ) {
      return this.credential.value;
    }
    const value = await this.strategy.getCredential(this.cluster, {});
    this.credential = { value, at: Date.now() };
    return value;
  }

  /**
   * Starts one GET of `path` with the cluster's credentials and returns the
   * request; the caller bounds it (deadline, size) and reads the answer.
   * Undefined query values are left out.
   */
  async request(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
  ): Promise<http.ClientRequest> {
    const url = new URL(this.cluster.url + path);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const opts: https.RequestOptions = { headers: {} };
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const transport = url.protocol === 'http:' ? http : https;
    const req = transport.request(url, {
      method: 'GET',
      agent: opts.agent,
      headers: { ...opts.headers, accept: 'application/json' },
      cert: opts.cert,
      key: opts.key,
    });
    req.end();
    return req;
  }
}
