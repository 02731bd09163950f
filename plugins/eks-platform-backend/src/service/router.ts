import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PlatformEnvironmentSummary,
  PlatformEnvironmentsResponse,
  StatusQueryResponse,
} from '@internal/backstage-plugin-eks-platform-common';
import { performance } from 'node:perf_hooks';
import express from 'express';
import Router from 'express-promise-router';
import { StatusMemo } from '../status/StatusMemo';
import { StatusService } from '../status/StatusService';
import { parseStatusQuery, QueryCaps } from './parseStatusQuery';
import { AccessCache } from './AccessCache';
import { principalKey } from './principalKey';
import { ReadableEntities } from './ReadableEntities';
import { assertMayReadEnvironments } from './EnvironmentsReadAccess';
import { TokenBuckets, TooManyRequestsError } from './TokenBuckets';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  status: StatusService;
  /** eksPlatform.environments as the form may show them (read at start-up). */
  environments: PlatformEnvironmentSummary[];
  limits: {
    query: QueryCaps;
    rateLimit: { entitiesPerSecond: number; burst: number };
    accessCache: { ttlMs: number; maxEntries: number };
  };
}

/** `catalog;dur` is the catalog read and permission checks (0 when all came from the access cache). */
function serverTiming(
  started: number,
  looked: number,
  cached: number,
  total: number,
) {
  const hit = total > 0 && cached === total ? ';desc="cached"' : '';
  return `catalog;dur=${(looked - started).toFixed(1)}${hit}, status;dur=${(
    performance.now() - looked
  ).toFixed(1)}`;
}

function readView(value: unknown): 'full' | 'summary' {
  if (value === undefined || value === 'full') return 'full';
  if (value === 'summary') return 'summary';
  throw new InputError(
    `view must be "full" or "summary", got ${JSON.stringify(value)}`,
  );
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, status, environments, limits } =
    options;
  const { entitiesPerSecond, burst } = limits.rateLimit;
  const buckets = new TokenBuckets(entitiesPerSecond, burst);
  const readable = new ReadableEntities({
    permissions,
    catalog,
    cache: new AccessCache(limits.accessCache),
  });
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  // Open to load balancers and probes: see the auth policy in plugin.ts.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /**
   * One token per entity read, per caller, before any lookup or permission
   * check: one caller (a script, a runaway tab) cannot take the backend
   * from everyone.
   */
  function rateLimit(
    res: express.Response,
    credentials: BackstageCredentials,
    entities: number,
  ) {
    const taken = buckets.take(principalKey(credentials), entities);
    if ('retryAfterSeconds' in taken) {
      res.setHeader('Retry-After', String(taken.retryAfterSeconds));
      throw new TooManyRequestsError(
        `Too many status reads: each caller may read ${entitiesPerSecond} entity statuses per second, ${burst} at once (eksPlatform.status.rateLimit); this request reads ${entities}. Retry after ${taken.retryAfterSeconds} s.`,
        taken.retryAfterSeconds,
      );
    }
  }

  /** Who is asking, and within their rate (the permission comes with the entities). */
  async function caller(
    req: express.Request,
    res: express.Response,
    entities: number,
  ) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    rateLimit(res, credentials, entities);
    return credentials;
  }

  router.get('/v1/status/:kind/:namespace/:name', async (req, res) => {
    const view = readView(req.query.view);
    const credentials = await caller(req, res, 1);
    const ref = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const started = performance.now();
    const { items, cached } = await readable.resolve(credentials, [ref]);
    const [found] = items;
    // An entity the caller may not read is indistinguishable from one that
    // does not exist (the catalog applies catalog.entity.read).
    if ('refused' in found) {
      if (found.refused === 'NotFoundError')
        throw new NotFoundError(`Entity ${ref} not found`);
      throw new NotAllowedError(
        `You are not allowed to read the platform status of ${ref} (eks.platform.status.read)`,
      );
    }
    const looked = performance.now();
    const body = await status.statusOf(found.entity, view);
    // Where the time goes, for browsers' devtools and the benchmark.
    res.setHeader('Server-Timing', serverTiming(started, looked, cached, 1));
    res.json(body);
  });

  router.post('/v1/status/query', async (req, res) => {
    const query = parseStatusQuery(req.body, limits.query);
    const credentials = await caller(req, res, query.entityRefs.length);
    const started = performance.now();
    const { items, cached } = await readable.resolve(
      credentials,
      query.entityRefs,
    );
    const errors: StatusQueryResponse['errors'] = [];
    for (const item of items) {
      if (!('refused' in item)) continue;
      errors.push({
        entityRef: item.ref,
        error:
          item.refused === 'NotFoundError'
            ? { name: 'NotFoundError', message: `Entity ${item.ref} not found` }
            : {
                name: 'NotAllowedError',
                message: `You are not allowed to read the platform status of ${item.ref}`,
              },
      });
    }
    const looked = performance.now();
    const statuses = await Promise.all(
      items.flatMap(item =>
        'entity' in item ? [status.statusOf(item.entity, query.view)] : [],
      ),
    );
    res.setHeader(
      'Server-Timing',
      serverTiming(started, looked, cached, query.entityRefs.length),
    );
    // A StatusQueryResponse, joined from each answer's JSON: an answer
    // repeated from the memo is serialised only once, not per query.
    res
      .type('application/json')
      .send(
        `{"items":[${statuses
          .map(s => StatusMemo.json(s))
          .join(',')}],"errors":${JSON.stringify(errors)}}`,
      );
  });

  // The golden-path form's environment picker. Signed-in users and services
  // (the scaffolder) only; the list holds names, titles, clusters, regions
  // and promotion, never accounts, instances or mounts.
  router.get('/v1/environments', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await assertMayReadEnvironments(permissions, credentials);
    const body: PlatformEnvironmentsResponse = { items: environments };
    res.setHeader('Cache-Control', 'private, max-age=60');
    res.json(body);
  });

  return router;
}
