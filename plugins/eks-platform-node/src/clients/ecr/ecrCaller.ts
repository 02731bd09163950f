import { ECRClient } from '@aws-sdk/client-ecr';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { CallPolicy } from '../../config/callPolicy';
import {
  UpstreamError,
  hintForStatus,
  parseRetryAfter,
} from '../../errors/UpstreamError';
import { networkCode } from '../../errors/networkCode';
import { withRetry } from '../../http/retry';

/** AWS error codes that a later attempt can get past. */
const RETRYABLE_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServerException',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** What to do for ECR-specific error codes. */
const CODE_HINTS: Record<string, string> = {
  AccessDeniedException:
    'The AWS credentials for this account lack the ECR permission named above; add it to the IAM policy of the configured user or role.',
  UnrecognizedClientException:
    'AWS did not recognise the access key; check aws.accounts[] in app-config.',
  InvalidSignatureException:
    'AWS rejected the request signature; check the secret access key in aws.accounts[].',
  ExpiredTokenException:
    'The AWS session expired; check the role assumption settings in aws.accounts[].',
  KmsException:
    'KMS refused the key; check that the key exists in this region and that ECR may use it.',
  LimitExceededException:
    'An ECR service quota is exhausted; request a quota increase or delete unused repositories.',
  InvalidParameterException:
    'ECR rejected a parameter; fix the input named in the message.',
  RepositoryPolicyNotFoundException: 'No repository policy exists.',
};

interface SdkError {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
}

/** Maps an AWS SDK error (or a network failure) to an {@link UpstreamError}. */
export function toUpstreamError(
  error: unknown,
  operation: string,
  timedOut: boolean,
  timeoutMs: number,
): UpstreamError {
  const e = error as SdkError;
  const status = e?.$metadata?.httpStatusCode;
  if (timedOut) {
    return new UpstreamError({
      upstream: 'AWS ECR',
      operation,
      code: 'TIMEOUT',
      upstreamMessage: `no response within ${timeoutMs} ms`,
      hint: hintForStatus('AWS ECR', undefined, 'TIMEOUT'),
      retryable: true,
    });
  }
  if (status === undefined) {
    return new UpstreamError({
      upstream: 'AWS ECR',
      operation,
      code: networkCode(error),
      upstreamMessage: e?.message,
      hint: hintForStatus('AWS ECR', undefined),
      retryable: true,
    });
  }
  const code = e.name;
  return new UpstreamError({
    upstream: 'AWS ECR',
    operation,
    status,
    code,
    upstreamMessage: e.message,
    hint: (code && CODE_HINTS[code]) ?? hintForStatus('AWS ECR', status),
    retryable:
      (code !== undefined && RETRYABLE_CODES.has(code)) ||
      status === 429 ||
      status >= 500,
    retryAfterMs: parseRetryAfter(
      e.$response?.headers?.['retry-after'] ??
        e.$response?.headers?.['Retry-After'],
    ),
  });
}

export interface EcrCaller {
  /** Sends one command with timeout and retries; errors become UpstreamError. */
  send<T>(operation: string, command: any): Promise<T>;
}

/**
 * Builds an ECR client for the account and region. Credentials come from
 * Backstage's AWS integration (aws.accounts[], including cross-account role
 * assumption); the SDK's own retries are off so that one policy (ours:
 * bounded, jittered, Retry-After aware) applies to every upstream.
 */
export async function createEcrCaller(options: {
  credentialsManager: AwsCredentialsManager;
  accountId: string;
  region: string;
  endpoint?: string;
  policy: CallPolicy;
  signal?: AbortSignal;
}): Promise<EcrCaller> {
  const { policy, signal } = options;
  let credentials;
  try {
    credentials = await options.credentialsManager.getCredentialProvider({
      accountId: options.accountId,
    });
  } catch (error) {
    throw new UpstreamError({
      upstream: 'AWS ECR',
      operation: `get credentials for account ${options.accountId}`,
      code: 'NoCredentials',
      upstreamMessage: (error as Error)?.message,
      hint: `Add account ${options.accountId} to aws.accounts[] in app-config (with a roleName for cross-account access).`,
      retryable: false,
    });
  }
  const client = new ECRClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: credentials.sdkCredentialProvider,
    maxAttempts: 1,
  });
  return {
    send<T>(operation: string, command: any): Promise<T> {
      return withRetry(
        async () => {
          const timeout = AbortSignal.timeout(policy.timeoutMs);
          const abortSignal = signal
            ? AbortSignal.any([signal, timeout])
            : timeout;
          try {
            return (await client.send(command, { abortSignal })) as T;
          } catch (error) {
            if (signal?.aborted) throw error;
            throw toUpstreamError(
              error,
              operation,
              timeout.aborted,
              policy.timeoutMs,
            );
          }
        },
        { ...policy.retry, signal },
      );
    },
  };
}
