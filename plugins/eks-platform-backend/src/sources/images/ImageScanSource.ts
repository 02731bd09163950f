import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  EntityPlatformStatus,
  ImageScanSummary,
  KubernetesStatus,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  createImageScanReader,
  ImageScanRead,
  ImageScanReader,
  readEcrConfig,
  readEnvironments,
} from '@internal/backstage-plugin-eks-platform-node';
import { KubernetesSource } from '../kubernetes/KubernetesSource';
import { RunningImage, RunningImages } from './runningImages';

/** Scan status of a digest whose findings were not read yet. */
export const SCAN_PENDING = 'PENDING';
/** Scan status of an image that is not in a private ECR registry (nothing to read). */
export const SCAN_NOT_ECR = 'NOT_ECR';
/** ECR could not be asked (credentials, throttling, outage) and no earlier answer exists. */
export const SCAN_ERROR = 'ERROR';

export interface ImageScanLimits {
  /** How long a finished scan's counts are reused before they are read again (default 1 h). */
  ttlMs: number;
  /** How soon a scan still running, missing or failed to read is read again (default 2 min). */
  retryMs: number;
  /** Digests kept; the least recently viewed go first (default 10,000). */
  maxEntries: number;
  /** ECR reads per poll, so a fleet-wide rollout cannot flood ECR (default 100). */
  readsPerPoll: number;
  /** Time between polls (default 60 s); new digests seen in a view are read sooner. */
  pollIntervalMs: number;
  /** Reads in flight at once (default 4). */
  concurrency: number;
}

export const DEFAULT_IMAGE_SCAN_LIMITS: ImageScanLimits = {
  ttlMs: 60 * 60_000,
  retryMs: 2 * 60_000,
  maxEntries: 10_000,
  readsPerPoll: 100,
  pollIntervalMs: 60_000,
  concurrency: 4,
};

/** Delay before a view's new digests are read: views of one page arrive together. */
const SOON_MS = 200;

interface Entry {
  read?: ImageScanRead;
  error?: string;
  nextReadAt: number;
  lastViewedAt: number;
}

/**
 * ECR scan findings of the image digests that run in the clusters, read
 * with `DescribeImageScanFindings` off the request path and cached per
 * digest. `scansFor` answers synchronously from the cache: a digest not
 * read yet is queued and reported `PENDING` (never as clean).
 */
export class ImageScanSource {
  private readonly limits: ImageScanLimits;
  private readonly running: RunningImages;
  private readonly entries = new Map<string, Entry>();
  /** Digests to read, in the order they were asked for. */
  private readonly queue = new Set<string>();
  private readonly organisationAccounts: Set<string>;
  private timer?: NodeJS.Timeout;
  private soonTimer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly options: {
      kubernetes: KubernetesSource;
      reader: ImageScanReader;
      /** AWS accounts whose ECR registries are the organisation's. */
      organisationAccounts: string[];
      logger: LoggerService;
      limits?: Partial<ImageScanLimits>;
    },
  ) {
    this.limits = { ...DEFAULT_IMAGE_SCAN_LIMITS, ...options.limits };
    this.running = new RunningImages(() => options.kubernetes.clusterWatchers);
    this.organisationAccounts = new Set(options.organisationAccounts);
  }

  /**
   * The organisation's ECR accounts are the ones platform config already
   * names: `eksPlatform.ecr.accountId` and every environment's `aws.accountId`.
   */
  static fromConfig(
    config: Config,
    kubernetes: KubernetesSource,
    logger: LoggerService,
    limits?: Partial<ImageScanLimits>,
  ): ImageScanSource {
    const accounts = new Set<string>();
    const ecr = readEcrConfig(config);
    if (ecr.accountId) accounts.add(ecr.accountId);
    for (const env of readEnvironments(config)) accounts.add(env.aws.accountId);
    return new ImageScanSource({
      kubernetes,
      reader: createImageScanReader(config),
      organisationAccounts: Array.from(accounts),
      logger,
      limits,
    });
  }

  start() {
    this.stopped = false;
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.poll().catch(() => {});
    }, this.limits.pollIntervalMs);
    this.timer.unref?.();
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.soonTimer);
    await this.polling;
  }

  /**
   * The scans of every digest the status's pods run (an entity's full
   * status, or its Kubernetes part), from the cache; never waits.
   */
  scansFor(
    status: EntityPlatformStatus | KubernetesStatus | undefined,
  ): ImageScanSummary[] {
    const kubernetes =
      status && 'sources' in status ? status.sources.kubernetes.data : status;
    const digests = new Set<string>();
    for (const cluster of kubernetes?.clusters ?? [])
      for (const pod of cluster.pods)
        for (const digest of pod.imageDigests ?? []) digests.add(digest);
    if (digests.size === 0) return [];
    let index = this.running.current();
    if (Array.from(digests).some(d => !index.has(d)))
      index = this.running.current(true);
    const now = Date.now();
    const summaries: ImageScanSummary[] = [];
    let queued = false;
    for (const digest of digests) {
      // Not in any cache any more: the pod is gone, the image no longer runs.
      const image = index.get(digest);
      if (!image) continue;
      if (!image.ref.ecr) {
        summaries.push(this.summary(image, SCAN_NOT_ECR));
        continue;
      }
      const entry = this.entries.get(digest);
      if (entry) entry.lastViewedAt = now;
      if (!entry || entry.nextReadAt <= now)
        queued = this.enqueue(digest) || queued;
      summaries.push(this.summaryOf(image, entry));
    }
    if (queued) this.pollSoon();
    return summaries.sort((a, b) =>
      `${a.repository}${a.digest}`.localeCompare(`${b.repository}${b.digest}`),
    );
  }

  /** Reads the due digests, at most `readsPerPoll`; one poll at a time. */
  poll(): Promise<void> {
    if (!this.polling) {
      this.polling = this.readDue().finally(() => {
        this.polling = undefined;
      });
    }
    return this.polling;
  }

  /** Digests cached, for tests and the heap benchmark. */
  get size(): number {
    return this.entries.size;
  }

  private enqueue(digest: string): boolean {
    if (this.queue.has(digest)) return false;
    if (this.queue.size >= this.limits.maxEntries) return false;
    this.queue.add(digest);
    return true;
  }

  private pollSoon() {
    if (this.stopped || this.soonTimer) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      this.poll().catch(() => {});
    }, SOON_MS);
    this.soonTimer.unref?.();
  }

  private async readDue() {
    const index = this.running.current(true);
    const now = Date.now();
    // Every running ECR digest stays warm, viewed or not.
    for (const image of index.values()) {
      if (!image.ref.ecr) continue;
      const entry = this.entries.get(image.digest);
      if (!entry || entry.nextReadAt <= now) this.enqueue(image.digest);
    }
    const batch: RunningImage[] = [];
    for (const digest of this.queue) {
      if (batch.length >= this.limits.readsPerPoll) break;
      this.queue.delete(digest);
      const image = index.get(digest);
      if (image?.ref.ecr) batch.push(image);
    }
    let next = 0;
    const worker = async () => {
      while (next < batch.length && !this.stopped) {
        await this.readOne(batch[next++]);
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(this.limits.concurrency, batch.length) },
        worker,
      ),
    );
    this.evict(index);
    if (this.queue.size > 0) this.pollSoon();
  }

  private async readOne(image: RunningImage) {
    const { ecr } = image.ref;
    const previous = this.entries.get(image.digest);
    const entry: Entry = {
      read: previous?.read,
      nextReadAt: 0,
      lastViewedAt: previous?.lastViewedAt ?? 0,
    };
    try {
      entry.read = await this.options.reader.read({
        registryId: ecr!.accountId,
        region: ecr!.region,
        repositoryName: image.ref.repository,
        imageDigest: image.digest,
      });
      const finished =
        entry.read.status === 'COMPLETE' || entry.read.status === 'ACTIVE';
      entry.nextReadAt =
        Date.now() + (finished ? this.limits.ttlMs : this.limits.retryMs);
    } catch (error) {
      // The last good answer stays; the failure is retried later.
      entry.error = (error as Error).message;
      entry.nextReadAt = Date.now() + this.limits.retryMs;
      this.options.logger.warn(
        `Reading the ECR scan of ${image.ref.repository}@${image.digest} failed: ${entry.error}`,
      );
    }
    this.entries.set(image.digest, entry);
  }

  /** Drops digests that no longer run, then the least recently viewed beyond the cap. */
  private evict(index: Map<string, RunningImage>) {
    for (const digest of this.entries.keys())
      if (!index.has(digest)) this.entries.delete(digest);
    const excess = this.entries.size - this.limits.maxEntries;
    if (excess <= 0) return;
    const oldest = Array.from(this.entries)
      .sort(([, a], [, b]) => a.lastViewedAt - b.lastViewedAt)
      .slice(0, excess);
    for (const [digest] of oldest) this.entries.delete(digest);
  }

  private summaryOf(image: RunningImage, entry: Entry | undefined) {
    if (entry?.read) {
      return this.summary(
        image,
        entry.read.status,
        entry.read.counts,
        entry.read.completedAt,
      );
    }
    return this.summary(image, entry?.error ? SCAN_ERROR : SCAN_PENDING);
  }

  private summary(
    image: RunningImage,
    scanStatus: string,
    counts: ImageScanSummary['counts'] = {},
    completedAt?: string,
  ): ImageScanSummary {
    const { ref } = image;
    return {
      digest: image.digest,
      repository: ref.repository,
      registry: ref.registry,
      inOrganisationRegistry:
        ref.ecr !== undefined &&
        this.organisationAccounts.has(ref.ecr.accountId),
      clusters: image.clusters,
      scanStatus,
      counts: { ...counts },
      ...(completedAt ? { completedAt } : {}),
      ...(ref.ecr
        ? {
            consoleUrl: `https://${
              ref.ecr.region
            }.console.aws.amazon.com/ecr/repositories/private/${
              ref.ecr.accountId
            }/${ref.repository}/_/image/${encodeURIComponent(
              image.digest,
            )}/details?region=${ref.ecr.region}`,
          }
        : {}),
    };
  }
}
