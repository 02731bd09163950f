import { InputError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import { CallPolicy } from '../../config/callPolicy';
import {
  UpstreamError,
  hintForStatus,
  isRetryableStatus,
  parseRetryAfter,
} from '../../errors/UpstreamError';
import { networkCode } from '../../errors/networkCode';
import { withRetry } from '../../http/retry';
import { GithubRepoRef } from './parseGithubRepoUrl';

/**
 * A GitHub client for one repository. Every call goes through `call`, which
 * adds a timeout per attempt, bounded jittered retries on 429/5xx/network
 * errors honouring Retry-After, and errors that name the operation and say
 * what to do. The token never leaves this object.
 */
export class GithubClient {
  private constructor(
    readonly octokit: Octokit,
    readonly ref: GithubRepoRef,
    private readonly token: string | undefined,
    private readonly policy: CallPolicy,
    private readonly signal?: AbortSignal,
  ) {}

  static async create(options: {
    integrations: ScmIntegrationRegistry;
    credentialsProvider: GithubCredentialsProvider;
    ref: GithubRepoRef;
    policy: CallPolicy;
    signal?: AbortSignal;
  }): Promise<GithubClient> {
    const { integrations, credentialsProvider, ref, policy, signal } = options;
    const integration = integrations.github.byHost(ref.host);
    if (!integration) {
      throw new InputError(
        `No GitHub integration is configured for host "${ref.host}"; add it under integrations.github in app-config.`,
      );
    }
    const { token } = await credentialsProvider.getCredentials({
      url: `https://${ref.host}/${encodeURIComponent(
        ref.owner,
      )}/${encodeURIComponent(ref.repo)}`,
    });
    if (!token) {
      throw new InputError(
        `No GitHub credentials for ${ref.host}/${ref.owner}; configure a token or GitHub App under integrations.github.`,
      );
    }
    // A fresh timeout per request: octokit hands `request.fetch` every call.
    let lastTimeout: AbortSignal | undefined;
    const timedFetch = (url: any, init: any) => {
      const timeout = AbortSignal.timeout(policy.timeoutMs);
      lastTimeout = timeout;
      return globalThis.fetch(url, {
        ...init,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    };
    const octokit = new Octokit({
      auth: token,
      baseUrl: integration.config.apiBaseUrl,
      request: { fetch: timedFetch },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const client = new GithubClient(octokit, ref, token, policy, signal);
    client.timedOut = () => lastTimeout?.aborted ?? false;
    return client;
  }

  private timedOut: () => boolean = () => false;

  /** Runs one GitHub request with retries; `accept` lists statuses returned as `undefined`. */
  async call<T>(
    operation: string,
    fn: (octokit: Octokit) => Promise<{ data: T }>,
    options: {
      accept?: number[];
      hint?: (status?: number) => string | undefined;
    } = {},
  ): Promise<T | undefined> {
    return withRetry(
      async () => {
        try {
          return (await fn(this.octokit)).data;
        } catch (error) {
          const e = error as any;
          if (this.signal?.aborted) throw error;
          // No response at all: a timeout, or a network failure octokit
          // wrapped (it reports those as status 500 without a response).
          const status: number | undefined = e?.response ? e.status : undefined;
          const timedOut = status === undefined && this.timedOut();
          if (status !== undefined && options.accept?.includes(status)) {
            return undefined;
          }
          let code: string | undefined;
          if (timedOut) code = 'TIMEOUT';
          else if (status === undefined) code = networkCode(e);
          const data = e?.response?.data;
          const headers = e?.response?.headers;
          // GitHub answers secondary rate limits with 403 (not 429) plus
          // Retry-After or an exhausted X-RateLimit-Remaining: retry those.
          const rateLimited =
            status === 403 &&
            (headers?.['retry-after'] !== undefined ||
              headers?.['x-ratelimit-remaining'] === '0');
          const detail = Array.isArray(data?.errors)
            ? data.errors
                .map((x: any) =>
                  typeof x === 'string' ? x : x?.message ?? x?.code,
                )
                .filter(Boolean)
                .join('; ')
            : '';
          throw new UpstreamError(
            {
              upstream: 'GitHub',
              operation: `${operation} in ${this.ref.owner}/${this.ref.repo}`,
              status,
              code,
              upstreamMessage: timedOut
                ? `no response within ${this.policy.timeoutMs} ms`
                : [data?.message ?? e?.message, detail]
                    .filter(Boolean)
                    .join(': '),
              hint: rateLimited
                ? 'GitHub rate limited the token (secondary rate limit) and retries were exhausted; wait a few minutes and retry the task.'
                : options.hint?.(status) ??
                  hintForStatus('GitHub', status, code),
              retryable: isRetryableStatus(status) || rateLimited,
              retryAfterMs: parseRetryAfter(headers?.['retry-after']),
            },
            [this.token],
          );
        }
      },
      { ...this.policy.retry, signal: this.signal },
    );
  }

  /** Like `call`, for requests that must return data. */
  async must<T>(
    operation: string,
    fn: (octokit: Octokit) => Promise<{ data: T }>,
    hint?: (status?: number) => string | undefined,
  ): Promise<T> {
    return (await this.call(operation, fn, { hint })) as T;
  }
}
