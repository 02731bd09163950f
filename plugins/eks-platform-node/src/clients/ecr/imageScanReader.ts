import {
  DescribeImageScanFindingsCommand,
  DescribeImageScanFindingsCommandOutput,
} from '@aws-sdk/client-ecr';
import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { CallPolicy, readCallPolicy } from '../../config/callPolicy';
import { readEcrConfig } from '../../config/ecr';
import { UpstreamError } from '../../errors/UpstreamError';
import { createEcrCaller, EcrCaller } from './ecrCaller';

/** One image digest in one ECR repository. */
export interface ImageScanTarget {
  registryId: string;
  region: string;
  repositoryName: string;
  imageDigest: string;
}

/** What the scan of one digest says, in ECR's words. */
export interface ImageScanRead {
  /** `COMPLETE`, `IN_PROGRESS`, `FAILED`, `ACTIVE`…; `NOT_FOUND` when ECR has no such repository, image or scan. */
  status: string;
  /** `findingSeverityCounts`: every finding, whatever page. */
  counts: Record<string, number>;
  /** ISO time of `imageScanCompletedAt`. */
  completedAt?: string;
}

export interface ImageScanReader {
  /** Throws UpstreamError when ECR cannot answer (credentials, throttling, outage). */
  read(target: ImageScanTarget): Promise<ImageScanRead>;
}

/** ECR's answers that mean "there is nothing scanned to report", not a failure. */
const NOT_FOUND = new Set([
  'RepositoryNotFoundException',
  'ImageNotFoundException',
  'ScanNotFoundException',
]);

/**
 * Reads the scan of running image digests with `DescribeImageScanFindings`,
 * one ECR client per account and region, credentials from Backstage's AWS
 * integration (`aws.accounts[]`) as `eks:ecr:create` gets them. Only the
 * first page is asked for, with one finding: the severity counts cover all.
 */
export function createImageScanReader(
  config: Config,
  options: {
    credentialsManager?: AwsCredentialsManager;
    policy?: CallPolicy;
  } = {},
): ImageScanReader {
  const ecrConfig = readEcrConfig(config);
  const policy = options.policy ?? readCallPolicy(config);
  let credentialsManager = options.credentialsManager;
  const callers = new Map<string, Promise<EcrCaller>>();
  const callerFor = (registryId: string, region: string) => {
    const key = `${registryId}/${region}`;
    let caller = callers.get(key);
    if (!caller) {
      credentialsManager ??= DefaultAwsCredentialsManager.fromConfig(config);
      caller = createEcrCaller({
        credentialsManager,
        accountId: registryId,
        region,
        endpoint: ecrConfig.endpoint,
        policy,
      });
      // A failed credential lookup is tried again on the next read.
      caller.catch(() => callers.delete(key));
      callers.set(key, caller);
    }
    return caller;
  };
  return {
    async read(target) {
      const caller = await callerFor(target.registryId, target.region);
      let output: DescribeImageScanFindingsCommandOutput;
      try {
        output = await caller.send<DescribeImageScanFindingsCommandOutput>(
          `read the image scan of ${target.repositoryName}@${target.imageDigest}`,
          new DescribeImageScanFindingsCommand({
            registryId: target.registryId,
            repositoryName: target.repositoryName,
            imageId: { imageDigest: target.imageDigest },
            maxResults: 1,
          }),
        );
      } catch (error) {
        if (
          error instanceof UpstreamError &&
          error.failure.code !== undefined &&
          NOT_FOUND.has(error.failure.code)
        )
          return { status: 'NOT_FOUND', counts: {} };
        throw error;
      }
      const counts: Record<string, number> = {};
      for (const [severity, n] of Object.entries(
        output.imageScanFindings?.findingSeverityCounts ?? {},
      ))
        if (typeof n === 'number') counts[severity] = n;
      const completedAt = output.imageScanFindings?.imageScanCompletedAt;
      return {
        status: output.imageScanStatus?.status ?? 'UNKNOWN',
        counts,
        completedAt: completedAt ? completedAt.toISOString() : undefined,
      };
    },
  };
}
