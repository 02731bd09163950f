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
   * One LIST with an absolute deadline, from request to last byte: a
   * hanging API server, or one whose answer trickles in, must not stall
   * the informer (a socket idle timeout would be reset by every byte).
   */
  async list(
    path: string,
    labelSelector: string | undefined,
    timeoutMs: number,
  ): Promise<{ items: any[]; metadata?: { resourceVersion?: string } }> {
    const url = new URL(this.cluster.url + path);
    if (labelSelector) url.searchParams.set('labelSelector', labelSelector);
    const opts: https.RequestOptions = { headers: {} };
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      let answered = false;
      let deadline: NodeJS.Timeout | undefined = undefined;
      const req = transport.request(
        url,
        {
          method: 'GET',
          agent: opts.agent,
          headers: { ...opts.headers, accept: 'application/json' },
          cert: opts.cert,
          key: opts.key,
        },
        res => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('error', error =>
            reject(
              error instanceof KubeApiError
                ? error
                : new KubeApiError(
                    `LIST ${path} was cut off: ${
                      (error as NodeJS.ErrnoException).code ??
                      'connection closed'
                    }`,
                  ),
            ),
          );
          res.on('end', () => {
            clearTimeout(deadline);
            if (res.statusCode !== 200) {
              reject(
                new KubeApiError(
                  `LIST ${path} answered HTTP ${res.statusCode}${
                    res.statusCode === 401 || res.statusCode === 403
                      ? ': check the cluster credentials'
                      : ''
                  }`,
                  res.statusCode,
                ),
              );
              return;
            }
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
            } catch {
              reject(
                new KubeApiError(
                  `LIST ${path} answered something that is not JSON`,
                ),
              );
            }
          });
        },
      );
      deadline = setTimeout(() => {
        // Settles first, so the teardown's own errors do not replace it.
        reject(
          new KubeApiError(
            answered
              ? `LIST ${path} did not finish within ${timeoutMs} ms`
              : `LIST ${path} got no answer within ${timeoutMs} ms`,
          ),
        );
        req.destroy();
      }, timeoutMs);
      req.on('error', error => {
        clearTimeout(deadline);
        const code = (error as NodeJS.ErrnoException).code;
        reject(
          error instanceof KubeApiError
            ? error
            : new KubeApiError(
                `LIST ${path} failed: ${code ?? 'network error'}`,
              ),
        );
      });
      req.end();
    });
  }
}
