import { randomUUID } from 'node:crypto';
import http from 'node:http';
import {
  type FailureOptions,
  FaultInjector,
  retryAfterHeader,
} from '../shared/faultInjection';
import { readBody, sendJson, startHttpServer } from '../shared/http';
import { AwsError, awsErrorForStatus } from './errors';
import { EcrRegistry } from './operations';
import { ImageCatalog, SeededImage } from './scanFindings';
import { verifySigV4 } from './sigv4';

/*
 * Amazon ECR over the AWS JSON 1.1 protocol, as `@aws-sdk/client-ecr` speaks
 * it when given an `endpoint`: `POST /` with `X-Amz-Target:
 * AmazonEC2ContainerRegistry_V20150921.<Operation>`, SigV4 signed.
 */

const TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** ECR operations that only read (DescribeRepositories, GetLifecyclePolicy, ListTagsForResource, BatchGetImage, …). */
const READ_OPERATION = /^(Describe|Get|List|BatchGet|BatchCheck)/;

export interface EcrSimulatorOptions {
  port?: number;
  host?: string;
  accountId?: string;
  region?: string;
  /** Accepted access keys (access key id → secret). Default: the sandbox key pair. */
  credentials?: Record<string, string>;
  /**
   * The images "pushed" to the registry, looked up by repository and digest
   * when a scan is asked for (the sandbox derives them from its demo fleet).
   */
  images?: ImageCatalog;
}

export interface EcrSimulator {
  url: string;
  accountId: string;
  region: string;
  close(): Promise<void>;
  /** Every repository with its tags and policies. */
  repositories(): ReturnType<EcrRegistry['list']>;
  requestCounts: Map<string, number>;
  /** Per-operation counts, e.g. `CreateRepository` → 2 (requestCounts only sees `POST /`). */
  operationCounts: Map<string, number>;
  /**
   * Every request for an operation that changes a repository (create,
   * delete, put or set a policy, tag, …), by operation name, in arrival
   * order, whether or not it succeeded. Describe, Get, List and BatchGet
   * operations only read. Tests use it to prove refused input wrote nothing.
   */
  writeRequests: string[];
  /** Fails matching calls; `operation` is the ECR operation name, e.g. `CreateRepository`. */
  setFailure(options: FailureOptions): void;
  clearFailures(): void;
  /** Pushes an image (and its scan result), creating the repository if needed. */
  putImage(repositoryName: string, image: SeededImage): void;
}

function sendAwsError(
  res: http.ServerResponse,
  error: AwsError,
  headers: Record<string, string> = {},
) {
  sendJson(
    res,
    error.status,
    { __type: error.type, message: error.message },
    {
      'Content-Type': CONTENT_TYPE,
      'x-amzn-RequestId': randomUUID(),
      'x-amzn-ErrorType': error.type,
      ...headers,
    },
  );
}

export async function startEcrSimulator(
  options: EcrSimulatorOptions = {},
): Promise<EcrSimulator> {
  const accountId = options.accountId ?? '123456789012';
  const region = options.region ?? 'eu-west-1';
  const registry = new EcrRegistry(accountId, region, options.images);
  const faults = new FaultInjector();
  const operationCounts = new Map<string, number>();
  const writeRequests: string[] = [];
  const credentials = new Map(
    Object.entries(
      options.credentials ?? { AKIASANDBOXEXAMPLE01: 'sandbox-aws-secret' },
    ),
  );

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ) {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    if (
      req.method !== 'POST' ||
      url.pathname !== '/' ||
      !target.startsWith(TARGET_PREFIX)
    ) {
      sendAwsError(
        res,
        new AwsError(
          'UnknownOperationException',
          'Unknown operation: expected POST / with an X-Amz-Target header',
        ),
      );
      return;
    }
    const operation = target.slice(TARGET_PREFIX.length);
    operationCounts.set(operation, (operationCounts.get(operation) ?? 0) + 1);
    if (!READ_OPERATION.test(operation)) writeRequests.push(operation);
    try {
      verifySigV4(req, url, body, { credentials, region, service: 'ecr' });
    } catch (error) {
      sendAwsError(res, error as AwsError);
      return;
    }
    const failure = faults.take(operation);
    if (failure?.hang) return;
    if (failure) {
      sendAwsError(
        res,
        awsErrorForStatus(failure.status, failure.message),
        retryAfterHeader(failure),
      );
      return;
    }
    let input: Record<string, unknown>;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      sendAwsError(
        res,
        new AwsError(
          'SerializationException',
          'Start of structure or map found where not expected.',
        ),
      );
      return;
    }
    try {
      const output = registry.run(operation, input);
      sendJson(res, 200, output, {
        'Content-Type': CONTENT_TYPE,
        'x-amzn-RequestId': randomUUID(),
      });
    } catch (error) {
      if (error instanceof AwsError) sendAwsError(res, error);
      else throw error;
    }
  }

  const server = await startHttpServer(handle, {
    port: options.port,
    host: options.host,
  });
  return {
    url: server.url,
    accountId,
    region,
    close: () => server.close(),
    repositories: () => registry.list(),
    requestCounts: server.requestCounts,
    operationCounts,
    writeRequests,
    setFailure: failure => faults.add(failure),
    clearFailures: () => faults.clear(),
    putImage: (repositoryName, image) =>
      registry.putImage(repositoryName, image),
  };
}
