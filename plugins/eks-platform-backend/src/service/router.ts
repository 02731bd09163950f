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
  ScorecardQueryResponse,
  ScorecardRollupResponse,
  ScorecardRulesResponse,
  ServiceScorecard,
  StatusQueryResponse,
} from '@internal/backstage-plugin-eks-platform-common';
import { performance } from 'node:perf_hooks';
import express from 'express';
import Router from 'express-promise-router';
import { StatusMemo } from '../status/StatusMemo';
import { StatusService } from '../status/StatusService';
import {
  parseEntityRefsBody,
  parseStatusQuery,
  QueryCaps,
} from './parseStatusQuery';
import { ReadableEntities, refusalErrors } from './ReadableEntities';
import { assertMayReadEnvironments } from './EnvironmentsReadAccess';
import { CallerRateLimit } from './CallerRateLimit';
import { TooManyRequestsError } from './TokenBuckets';
import { StatusReadAccess } from './StatusReadAccess';
import { ScorecardService } from '../scorecard/ScorecardService';
import { ScoreHistoryStore } from '../scorecard/ScoreHistoryStore';
import { rollUp } from '../scorecard/rollups';
import {
  addTemplateUpgradeRoutes,
  TemplateUpgradeRoutesOptions,
} from '../templateUpgrade/templateUpgradeRoutes';
import {
  addNameAvailabilityRoute,
  NameAvailabilityRouteOptions,
} from '../names/nameAvailabilityRoute';
import { addFleetPullRequestsRoute } from '../templateUpgrade/fleetPullRequestsRoute';
import { UpgradePullRequestStore } from '../templateUpgrade/UpgradePullRequestStore';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** Who may read which entity; shared with the agent tools, so one bounded access cache. */
  readable: ReadableEntities;
  status: StatusService;
  /** eksPlatform.environments as the form may show them (read at start-up). */
  environments: PlatformEnvironmentSummary[];
  /** The readiness scorecard and its history; its routes exist only with it. */
  scorecard?: { service: ScorecardService; history: ScoreHistoryStore };
  /** The template-upgrade routes' engine and caller identity. */
  templateUpgrades: Pick<
    TemplateUpgradeRoutesOptions,
    'upgrades' | 'callerIdentity' | 'logger'
  >;
  /** The golden-path form's repository-name check (GitHub, with the platform's credentials). */
  names: Omit<NameAvailabilityRouteOptions, 'caller'>;
  /** The recorded upgrade pull requests the fleet reads; its route exists only with it. */
  upgradePullRequests?: {
    store: UpgradePullRequestStore;
    staleAfterMs: number;
  };
  limits: { query: QueryCaps };
  /** The per-caller rate limit; shared with the agent tools, so one bucket per caller. */
  rateLimit: CallerRateLimit;
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
  const {
    httpAuth,
    permissions,
    catalog,
    readable,
    status,
    environments,
    limits,
  } = options;
  const limiter = options.rateLimit;
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
    try {
      limiter.charge(credentials, entities);
    } catch (error) {
      if (error instanceof TooManyRequestsError)
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
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
    const errors: StatusQueryResponse['errors'] = refusalErrors(
      items,
      'the platform status',
    );
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

  if (options.scorecard) {
    const { service: scorecards, history } = options.scorecard;

    // The standard itself: no entity data, but the same permission.
    router.get('/v1/scorecard/rules', async (req, res) => {
      const credentials = await caller(req, res, 1);
      await StatusReadAccess.check(permissions, credentials);
      const body: ScorecardRulesResponse = { items: scorecards.rules };
      res.json(body);
    });

    router.get('/v1/scorecard/teams', async (req, res) => {
      const by = req.query.by ?? 'owner';
      if (by !== 'owner' && by !== 'system')
        throw new InputError(
          `by must be "owner" or "system", got ${JSON.stringify(by)}`,
        );
      const credentials = await caller(req, res, 1);
      // A plain deny is a 403 before the catalog is read.
      const access = await StatusReadAccess.check(permissions, credentials);
      // The catalog applies catalog.entity.read with the caller's
      // credentials; the status permission then decides per entity.
      const { items } = await catalog.getEntities(
        { filter: { kind: 'component' } },
        { credentials },
      );
      // One token per service rolled up, within what one request may take.
      rateLimit(res, credentials, Math.min(items.length, limiter.burst));
      const allowed = await access.allows(items);
      const mayRead = items.filter((_, i) => allowed[i]);
      const refs = mayRead.map(e => stringifyEntityRef(e));
      const [cards, days] = await Promise.all([
        Promise.all(mayRead.map(e => scorecards.scorecardOf(e))),
        history.read(refs, new Date()),
      ]);
      const body: ScorecardRollupResponse = {
        items: rollUp(
          mayRead.map((entity, i) => ({
            entity,
            scorecard: cards[i],
            history: days.get(refs[i]) ?? [],
          })),
          by,
        ),
      };
      res.json(body);
    });

    router.get('/v1/scorecard/:kind/:namespace/:name', async (req, res) => {
      const credentials = await caller(req, res, 1);
      const ref = stringifyEntityRef({
        kind: req.params.kind,
        namespace: req.params.namespace,
        name: req.params.name,
      });
      const [found] = (await readable.resolve(credentials, [ref])).items;
      if ('refused' in found) {
        if (found.refused === 'NotFoundError')
          throw new NotFoundError(`Entity ${ref} not found`);
        throw new NotAllowedError(
          `You are not allowed to read the scorecard of ${ref} (eks.platform.status.read)`,
        );
      }
      const [{ scorecard, images }, days] = await Promise.all([
        scorecards.withImages(found.entity),
        history.read([ref], new Date()),
      ]);
      const body: ServiceScorecard = {
        ...scorecard,
        history: days.get(ref) ?? [],
        images,
      };
      res.json(body);
    });

    router.post('/v1/scorecard/query', async (req, res) => {
      // A scorecard is a few KB: the summary view's cap applies.
      const entityRefs = parseEntityRefsBody(req.body, limits.query);
      const credentials = await caller(req, res, entityRefs.length);
      const { items } = await readable.resolve(credentials, entityRefs);
      const response: ScorecardQueryResponse = {
        items: [],
        errors: refusalErrors(items, 'the scorecard'),
      };
      response.items = await Promise.all(
        items.flatMap(item =>
          'entity' in item ? [scorecards.scorecardOf(item.entity)] : [],
        ),
      );
      res.json(response);
    });
  }

  // Where a service stands against its template; its preview and pull
  // request, with eks:template:upgrade's checks.
  addTemplateUpgradeRoutes(router, {
    ...options.templateUpgrades,
    catalog,
    readable,
    caller,
    burst: limiter.burst,
    records: options.upgradePullRequests?.store,
  });
  if (options.upgradePullRequests) {
    addFleetPullRequestsRoute(router, {
      ...options.upgradePullRequests,
      readable,
      limits: limits.query,
      caller,
    });
  }

  // The golden-path form's first step: is the service's repository free?
  addNameAvailabilityRoute(router, { ...options.names, caller });

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
