import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityPlatformStatus,
  ImageScanSummary,
  ScorecardRuleInfo,
  ServiceScorecard,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  ScorecardEnvironment,
  ScorecardThresholds,
} from '@internal/backstage-plugin-eks-platform-node';
import { StatusMemo } from '../status/StatusMemo';
import { ConfiguredRule } from './ruleSet';
import { scoreEnvironment } from './scoreEnvironment';

/** Where the scans of running images come from (the image-scan source). */
export interface ImageScans {
  /** Synchronous, from the source's cache: the scans of the digests the status shows running. */
  scansFor(status: EntityPlatformStatus): ImageScanSummary[];
}

/** Where the current template versions come from. */
export interface CurrentTemplateVersions {
  currentFor(entity: Entity): Promise<string | undefined>;
}

interface Cached {
  status: EntityPlatformStatus;
  inputs: string;
  value: ServiceScorecard;
}

/** Time-based rules (HPA pinned, trace window) move on even when no input changes. */
const RECOMPUTE_AT_LEAST_EVERY_MS = 60_000;

/**
 * Each service's scorecard, computed from the status the backend already
 * assembles (the status service's memo answers unchanged entities without
 * touching any source) and kept per entity until one of its inputs
 * changes: the status (the memo returns the same object while no source
 * changed), the image scans, the template's current version, or a minute
 * passes.
 */
export class ScorecardService {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly options: {
      status: {
        statusOf(entity: Entity, view: 'full'): Promise<EntityPlatformStatus>;
      };
      rules: ConfiguredRule[];
      environments: ScorecardEnvironment[];
      thresholds: ScorecardThresholds;
      images?: ImageScans;
      templateVersions?: CurrentTemplateVersions;
      now?: () => Date;
      maxEntries?: number;
    },
  ) {}

  get rules(): ScorecardRuleInfo[] {
    return this.options.rules.map(r => r.info);
  }

  async scorecardOf(entity: Entity): Promise<ServiceScorecard> {
    return (await this.withImages(entity)).scorecard;
  }

  /** The scorecard and the scans of the images it judged (for the single-entity view). */
  async withImages(
    entity: Entity,
  ): Promise<{ scorecard: ServiceScorecard; images: ImageScanSummary[] }> {
    const now = (this.options.now ?? (() => new Date()))();
    const status = await this.options.status.statusOf(entity, 'full');
    const images = this.options.images?.scansFor(status);
    const currentTemplateVersion =
      await this.options.templateVersions?.currentFor(entity);
    const key = JSON.stringify([
      StatusMemo.keyOf(entity, 'full'),
      (entity.spec as { lifecycle?: unknown } | undefined)?.lifecycle ?? null,
    ]);
    const inputs = JSON.stringify([
      images ?? null,
      currentTemplateVersion ?? null,
      Math.floor(now.getTime() / RECOMPUTE_AT_LEAST_EVERY_MS),
    ]);
    const hit = this.cache.get(key);
    if (hit && hit.status === status && hit.inputs === inputs)
      return { scorecard: hit.value, images: images ?? [] };

    const environments = this.environmentsFor(status).map(environment =>
      scoreEnvironment(this.options.rules, {
        entity,
        environment,
        status,
        images,
        currentTemplateVersion,
        thresholds: this.options.thresholds,
        now,
      }),
    );
    const scores = environments.flatMap(e =>
      e.score === undefined ? [] : [e.score],
    );
    const value: ServiceScorecard = {
      entityRef: stringifyEntityRef(entity),
      score: scores.length ? Math.min(...scores) : undefined,
      environments,
      computedAt: now.toISOString(),
    };
    this.cache.delete(key);
    this.cache.set(key, { status, inputs, value });
    while (this.cache.size > (this.options.maxEntries ?? 10_000))
      this.cache.delete(this.cache.keys().next().value as string);
    return { scorecard: value, images: images ?? [] };
  }

  /**
   * The configured environments; without any, each cluster the status
   * knows is an environment of its own name.
   */
  private environmentsFor(
    status: EntityPlatformStatus,
  ): ScorecardEnvironment[] {
    if (this.options.environments.length > 0) return this.options.environments;
    return (status.sources.kubernetes.data?.clusters ?? []).map(c => ({
      name: c.cluster,
      clusters: [c.cluster],
    }));
  }
}
