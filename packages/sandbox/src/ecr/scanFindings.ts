import { AwsError, invalidParameter } from './errors';

/*
 * DescribeImageScanFindings over the images the simulator knows, as the
 * AWS API reference describes it: request members, the response shape of
 * basic scanning, the modelled exceptions and their messages, and
 * `nextToken`/`maxResults` pagination. See docs/ecr.md for what differs.
 */

/** ECR's severities, in its order. */
export const FINDING_SEVERITIES = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'INFORMATIONAL',
  'UNDEFINED',
] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export interface ImageScanFinding {
  /** The CVE id, e.g. `CVE-2024-3094`. */
  name: string;
  severity: FindingSeverity;
  description?: string;
  uri?: string;
  /** `package_name`, `package_version`, `CVSS2_SCORE`…, as basic scanning reports them. */
  attributes?: Array<{ key: string; value: string }>;
}

/** An image pushed to a repository, with its scan (absent: never scanned). */
export interface SeededImage {
  imageDigest: string;
  imageTags?: string[];
  scan?: {
    status: 'COMPLETE' | 'IN_PROGRESS' | 'FAILED';
    description?: string;
    /** Epoch ms; default: when the image was seeded. */
    completedAt?: number;
    findings?: ImageScanFinding[];
  };
}

/** Images of repositories the sandbox has "pushed", looked up when asked for. */
export type ImageCatalog = (
  repositoryName: string,
  imageDigest: string,
) => SeededImage | undefined;

const DIGEST = /^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}$/;
/** Without `maxResults`, ECR returns up to 100 findings per page. */
const DEFAULT_PAGE = 100;

function validateImageId(imageId: unknown): {
  imageDigest?: string;
  imageTag?: string;
} {
  if (!imageId || typeof imageId !== 'object') {
    throw invalidParameter(
      "Invalid parameter at 'imageId' failed to satisfy constraint: 'must not be null'",
    );
  }
  const { imageDigest, imageTag } = imageId as Record<string, unknown>;
  if (imageDigest === undefined && imageTag === undefined) {
    throw invalidParameter(
      "Invalid parameter at 'imageId' failed to satisfy constraint: 'imageDigest or imageTag must be specified'",
    );
  }
  if (
    imageDigest !== undefined &&
    (typeof imageDigest !== 'string' || !DIGEST.test(imageDigest))
  ) {
    throw invalidParameter(
      `Invalid parameter at 'imageId.imageDigest' failed to satisfy constraint: 'Invalid image digest: ${String(
        imageDigest,
      ).slice(0, 100)}'`,
    );
  }
  if (
    imageTag !== undefined &&
    (typeof imageTag !== 'string' || !TAG.test(imageTag))
  ) {
    throw invalidParameter(
      "Invalid parameter at 'imageId.imageTag' failed to satisfy constraint: 'Member must have length less than or equal to 300 and greater than or equal to 1'",
    );
  }
  return {
    imageDigest: imageDigest as string | undefined,
    imageTag: imageTag as string | undefined,
  };
}

function validateMaxResults(value: unknown): number {
  if (value === undefined) return DEFAULT_PAGE;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > 1000
  ) {
    throw invalidParameter(
      "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000 and greater than or equal to 1'",
    );
  }
  return value;
}

/** Opaque to clients: the offset, bound to the image it pages through. */
function encodeToken(digest: string, offset: number): string {
  return Buffer.from(JSON.stringify({ d: digest, o: offset })).toString(
    'base64',
  );
}

function decodeToken(token: unknown, digest: string): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(
      Buffer.from(String(token), 'base64').toString('utf8'),
    );
    if (parsed?.d === digest && Number.isInteger(parsed.o) && parsed.o > 0)
      return parsed.o;
  } catch {
    // fall through: any token ECR did not issue for this image is refused
  }
  throw invalidParameter(
    "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'",
  );
}

function imageIdText(id: { imageDigest?: string; imageTag?: string }) {
  return `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${
    id.imageTag ?? 'null'
  }'}`;
}

export interface ScanLookup {
  registryId: string;
  repositoryName: string;
  /** The repository's images (already including what the catalog knows of it). */
  images: Map<string, SeededImage & { pushedAt: number }>;
}

/** One page of DescribeImageScanFindings for an image of a found repository. */
export function describeImageScanFindings(
  lookup: ScanLookup,
  input: Record<string, unknown>,
) {
  const id = validateImageId(input.imageId);
  const maxResults = validateMaxResults(input.maxResults);
  const image = id.imageDigest
    ? lookup.images.get(id.imageDigest)
    : [...lookup.images.values()].find(i =>
        i.imageTags?.includes(id.imageTag!),
      );
  const where = `in the repository with name '${lookup.repositoryName}' in the registry with id '${lookup.registryId}'`;
  if (
    !image ||
    (id.imageTag !== undefined && !image.imageTags?.includes(id.imageTag))
  ) {
    throw new AwsError(
      'ImageNotFoundException',
      `The image with imageId ${imageIdText(
        id,
      )} does not exist within the repository with name '${
        lookup.repositoryName
      }' in the registry with id '${lookup.registryId}'`,
    );
  }
  if (!image.scan) {
    throw new AwsError(
      'ScanNotFoundException',
      `Image scan does not exist for the image with '${imageIdText(
        id,
      )}' ${where}`,
    );
  }
  const offset = decodeToken(input.nextToken, image.imageDigest);
  const base = {
    registryId: lookup.registryId,
    repositoryName: lookup.repositoryName,
    imageId: {
      imageDigest: image.imageDigest,
      ...(id.imageTag ? { imageTag: id.imageTag } : {}),
    },
    imageScanStatus: {
      status: image.scan.status,
      description:
        image.scan.description ??
        (image.scan.status === 'COMPLETE'
          ? 'The scan was completed successfully.'
          : image.scan.status === 'IN_PROGRESS'
          ? 'The scan is in progress.'
          : 'The scan failed.'),
    },
  };
  // Only a completed scan has findings to report.
  if (image.scan.status !== 'COMPLETE') return base;
  const findings = image.scan.findings ?? [];
  const counts: Partial<Record<FindingSeverity, number>> = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  const ordered = [...findings].sort(
    (a, b) =>
      FINDING_SEVERITIES.indexOf(a.severity) -
        FINDING_SEVERITIES.indexOf(b.severity) || a.name.localeCompare(b.name),
  );
  const page = ordered.slice(offset, offset + maxResults);
  const completedAt = (image.scan.completedAt ?? image.pushedAt) / 1000;
  return {
    ...base,
    imageScanFindings: {
      imageScanCompletedAt: completedAt,
      vulnerabilitySourceUpdatedAt: completedAt,
      findingSeverityCounts: counts,
      findings: page.map(f => ({
        name: f.name,
        severity: f.severity,
        ...(f.description ? { description: f.description } : {}),
        ...(f.uri ? { uri: f.uri } : {}),
        attributes: f.attributes ?? [],
      })),
    },
    ...(offset + maxResults < ordered.length
      ? { nextToken: encodeToken(image.imageDigest, offset + maxResults) }
      : {}),
  };
}
