import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PlatformEnvironmentSummary,
  PlatformEnvironmentsResponse,
  StatusQueryResponse,
} from '@internal/backstage-plugin-eks-platform-common';
import { performance } from 'node:perf_hooks';
import express from 'express';
import Router from 'express-promise-router';
import { StatusService } from '../status/StatusService';
import { parseStatusQuery, QueryCaps } from './parseStatusQuery';
import { StatusReadAccess } from './StatusReadAccess';
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
  };
}

/** The bucket key: the user, or the calling service (plugin or external caller). */
function principalKey(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.type === 'user' ? `user ${p.userEntityRef}` : `service ${p.subject}`;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, status, environments, limits } =
    options;
  const { entitiesPerSecond, burst } = limits.rateLimit;
  const buckets = new TokenBuckets(entitiesPerSecond, burst);
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

  /** Who is asking, within their rate, and may they read status at all. */
  async function authorize(
    req: express.Request,
    res: express.Response,
    entities: number,
  ) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    rateLimit(res, credentials, entities);
    const access = await StatusReadAccess.check(permissions, credentials);
    return { credentials, access };
  }

  router.get('/v1/status/:kind/:namespace/:name', async (req, res) => {
    const { credentials, access } = await authorize(req, res, 1);
    const ref = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    });
    // The catalog applies the caller's permissions: an entity they may not
    // read is indistinguishable from one that does not exist.
    const started = performance.now();
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`Entity ${ref} not found`);
    const [allowed] = await access.allows([entity]);
    if (!allowed) {
      throw new NotAllowedError(
        `You are not allowed to read the platform status of ${ref} (eks.platform.status.read)`,
      );
    }
    const looked = performance.now();
    const view = req.query.view === 'summary' ? 'summary' : 'full';
    const body = await status.statusOf(entity, view);
    // Where the time goes, for browsers' devtools and the benchmark.
    res.setHeader(
      'Server-Timing',
      `catalog;dur=${(looked - started).toFixed(1)}, status;dur=${(
        performance.now() - looked
      ).toFixed(1)}`,
    );
    res.json(body);
  });

  router.post('/v1/status/query', async (req, res) => {
    const query = parseStatusQuery(req.body, limits.query);
    const { credentials, access } = await authorize(
      req,
      res,
      query.entityRefs.length,
    );
    const started = performance.now();
    const { items: entities } = await catalog.getEntitiesByRefs(
      { entityRefs: query.entityRefs },
      { credentials },
    );
    const response: StatusQueryResponse = { items: [], errors: [] };
    const found = entities.map((entity, i) => ({
      entity,
      ref: query.entityRefs[i],
    }));
    for (const { entity, ref } of found) {
      if (!entity) {
        response.errors.push({
          entityRef: ref,
          error: { name: 'NotFoundError', message: `Entity ${ref} not found` },
        });
      }
    }
    const readable = found.filter(
      (f): f is { entity: Entity; ref: string } => !!f.entity,
    );
    const allowed = await access.allows(readable.map(f => f.entity));
    readable.forEach(({ ref }, i) => {
      if (!allowed[i]) {
        response.errors.push({
          entityRef: ref,
          error: {
            name: 'NotAllowedError',
            message: `You are not allowed to read the platform status of ${ref}`,
          },
        });
      }
    });
    const looked = performance.now();
    response.items = await Promise.all(
      readable
        .filter((_, i) => allowed[i])
        .map(f => status.statusOf(f.entity, query.view)),
    );
    res.setHeader(
      'Server-Timing',
      `catalog;dur=${(looked - started).toFixed(1)}, status;dur=${(
        performance.now() - looked
      ).toFixed(1)}`,
    );
    res.json(response);
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
