import { Config } from '@backstage/config';
import {
  DEFAULT_STATUS_QUERY_MAX_ENTITIES,
  STATUS_QUERY_MAX_ENTITIES_KEY,
} from '@internal/backstage-plugin-eks-platform-common';

/** Every limit of the status backend, with its default filled in. */
export interface StatusLimits {
  kubernetes: {
    /** Absolute deadline of one LIST page's request; a watch's connect timeout. */
    listTimeoutMs: number;
    /** Absolute deadline of one whole LIST, every page. */
    listTotalTimeoutMs: number;
    /** Largest LIST page body and largest watch event, in bytes. */
    maxResponseBytes: number;
    /** Objects per LIST page; 0: unpaged. */
    listPageSize: number;
    customSelectors: { idleMs: number; maxPerOwner: number; maxTotal: number };
  };
  query: {
    /** Entity refs per `POST /v1/status/query` with `view: summary`. */
    maxEntities: number;
    /** Entity refs per `POST /v1/status/query` with `view: full`. */
    maxFullEntities: number;
  };
  rateLimit: {
    /** Entity reads per second a caller's bucket refills with. */
    entitiesPerSecond: number;
    /** Bucket size: entity reads a caller may burst. */
    burst: number;
  };
  accessCache: {
    /** How long a caller's resolved, allowed entity is reused; 0: never. */
    ttlMs: number;
    /** Most (caller, entity) entries held; the least recently used go first. */
    maxEntries: number;
  };
}

export const DEFAULT_STATUS_LIMITS: StatusLimits = {
  kubernetes: {
    listTimeoutMs: 10_000,
    listTotalTimeoutMs: 60_000,
    maxResponseBytes: 32 * 1024 * 1024,
    listPageSize: 500,
    customSelectors: { idleMs: 15 * 60_000, maxPerOwner: 10, maxTotal: 100 },
  },
  query: {
    maxEntities: DEFAULT_STATUS_QUERY_MAX_ENTITIES,
    maxFullEntities: 50,
  },
  rateLimit: { entitiesPerSecond: 100, burst: 2000 },
  accessCache: { ttlMs: 5_000, maxEntries: 5_000 },
};

function read(
  config: Config | undefined,
  key: string,
  fallback: number,
  rule: { integer?: boolean; min: number },
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  const full = `eksPlatform.status.${key}`;
  if (!Number.isFinite(value) || value < rule.min) {
    throw new Error(
      `${full} must be a number of at least ${rule.min}, got ${value}`,
    );
  }
  if (rule.integer && !Number.isInteger(value))
    throw new Error(`${full} must be a whole number, got ${value}`);
  return value;
}

/** Reads `eksPlatform.status.{kubernetes,query,rateLimit,accessCache}`; throws with the key to fix. */
export function readStatusLimits(root: Config): StatusLimits {
  const status = root.getOptionalConfig('eksPlatform.status');
  const d = DEFAULT_STATUS_LIMITS;
  const positive = { min: Number.MIN_VALUE };
  const count = { integer: true, min: 1 };
  const limits: StatusLimits = {
    kubernetes: {
      listTimeoutMs: read(
        status,
        'kubernetes.listTimeoutMs',
        d.kubernetes.listTimeoutMs,
        count,
      ),
      listTotalTimeoutMs: read(
        status,
        'kubernetes.listTotalTimeoutMs',
        d.kubernetes.listTotalTimeoutMs,
        count,
      ),
      maxResponseBytes: Math.floor(
        read(
          status,
          'kubernetes.maxResponseMB',
          d.kubernetes.maxResponseBytes / (1024 * 1024),
          positive,
        ) *
          1024 *
          1024,
      ),
      listPageSize: read(
        status,
        'kubernetes.listPageSize',
        d.kubernetes.listPageSize,
        { integer: true, min: 0 },
      ),
      customSelectors: {
        idleMs:
          read(
            status,
            'kubernetes.customSelectors.idleMinutes',
            d.kubernetes.customSelectors.idleMs / 60_000,
            positive,
          ) * 60_000,
        maxPerOwner: read(
          status,
          'kubernetes.customSelectors.maxPerOwner',
          d.kubernetes.customSelectors.maxPerOwner,
          count,
        ),
        maxTotal: read(
          status,
          'kubernetes.customSelectors.maxTotal',
          d.kubernetes.customSelectors.maxTotal,
          count,
        ),
      },
    },
    query: {
      maxEntities: read(
        status,
        STATUS_QUERY_MAX_ENTITIES_KEY.replace('eksPlatform.status.', ''),
        d.query.maxEntities,
        count,
      ),
      maxFullEntities: read(
        status,
        'query.maxFullEntities',
        d.query.maxFullEntities,
        count,
      ),
    },
    rateLimit: {
      entitiesPerSecond: read(
        status,
        'rateLimit.entitiesPerSecond',
        d.rateLimit.entitiesPerSecond,
        positive,
      ),
      burst: read(status, 'rateLimit.burst', d.rateLimit.burst, count),
    },
    accessCache: {
      ttlMs:
        read(status, 'accessCache.ttlSeconds', d.accessCache.ttlMs / 1000, {
          min: 0,
        }) * 1000,
      maxEntries: read(
        status,
        'accessCache.maxEntries',
        d.accessCache.maxEntries,
        count,
      ),
    },
  };
  const { listTimeoutMs, listTotalTimeoutMs } = limits.kubernetes;
  if (listTotalTimeoutMs < listTimeoutMs) {
    throw new Error(
      `eksPlatform.status.kubernetes.listTotalTimeoutMs (${listTotalTimeoutMs}) must be at least kubernetes.listTimeoutMs (${listTimeoutMs}): it bounds all pages of a LIST, listTimeoutMs each page`,
    );
  }
  const largest = Math.max(
    limits.query.maxEntities,
    limits.query.maxFullEntities,
  );
  if (limits.rateLimit.burst < largest) {
    throw new Error(
      `eksPlatform.status.rateLimit.burst (${limits.rateLimit.burst}) must be at least the largest query a caller may send (eksPlatform.status.query.maxEntities / maxFullEntities: ${largest}), or that query could never be answered`,
    );
  }
  return limits;
}
