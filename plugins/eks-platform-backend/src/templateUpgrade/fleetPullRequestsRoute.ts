import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { FleetUpgradePullRequestsResponse } from '@internal/backstage-plugin-eks-platform-common';
import express from 'express';
import { parseEntityRefsBody, QueryCaps } from '../service/parseStatusQuery';
import { ReadableEntities, refusalErrors } from '../service/ReadableEntities';
import { UpgradePullRequestStore } from './UpgradePullRequestStore';

export interface FleetPullRequestsRouteOptions {
  readable: ReadableEntities;
  store: UpgradePullRequestStore;
  /** A state GitHub has not confirmed for this long is answered as stale. */
  staleAfterMs: number;
  limits: QueryCaps;
  /** The caller's credentials, after the per-caller rate limit took `tokens`. */
  caller(
    req: express.Request,
    res: express.Response,
    tokens: number,
  ): Promise<BackstageCredentials>;
  now?: () => number;
}

/**
 * `POST /v1/template-upgrade/pull-requests` `{ entityRefs }`: the fleet's
 * upgrade pull-request states in one database read, never a GitHub call
 * (the background refresh keeps them; see createUpgradePullRequests).
 * Only the services the caller may read (catalog.entity.read and
 * eks.platform.status.read, as the status query decides), one rate-limit
 * token per service, batches of `status.query.maxEntities`.
 */
export function addFleetPullRequestsRoute(
  router: express.Router,
  options: FleetPullRequestsRouteOptions,
) {
  const { readable, store, limits } = options;
  const now = options.now ?? Date.now;
  router.post('/v1/template-upgrade/pull-requests', async (req, res) => {
    const entityRefs = parseEntityRefsBody(req.body, limits);
    const credentials = await options.caller(req, res, entityRefs.length);
    const { items } = await readable.resolve(credentials, entityRefs);
    const response: FleetUpgradePullRequestsResponse = {
      items: [],
      errors: refusalErrors(items, 'the template upgrade'),
    };
    const mayRead = items.flatMap(item => ('entity' in item ? [item.ref] : []));
    const records = await store.newest(mayRead);
    const at = now();
    for (const ref of mayRead) {
      const record = records.get(ref);
      if (!record) continue;
      response.items.push({
        entityRef: ref,
        targetVersion: record.targetVersion,
        state: record.state,
        ...(record.url !== undefined && record.number !== undefined
          ? { url: record.url, number: record.number }
          : {}),
        ...(record.conflicts !== undefined
          ? { conflicts: record.conflicts }
          : {}),
        checkedAt: record.checkedAt.toISOString(),
        stale: at - record.checkedAt.getTime() > options.staleAfterMs,
      });
    }
    res.json(response);
  });
}
