import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  eksPlatformStatusReadPermission,
  StatusQueryResponse,
} from '@internal/backstage-plugin-eks-platform-common';
import { performance } from 'node:perf_hooks';
import express from 'express';
import Router from 'express-promise-router';
import { StatusService } from '../status/StatusService';
import { parseStatusQuery } from './parseStatusQuery';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  status: StatusService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, status } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  // Open to load balancers and probes: see the auth policy in plugin.ts.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** Who may read status at all, checked before anything else is looked up. */
  async function authorize(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: eksPlatformStatusReadPermission }],
      {
        credentials,
      },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You are not allowed to read platform status (eks.platform.status.read)',
      );
    }
    return credentials;
  }

  router.get('/v1/status/:kind/:namespace/:name', async (req, res) => {
    const credentials = await authorize(req);
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
    const query = parseStatusQuery(req.body);
    const credentials = await authorize(req);
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
    const looked = performance.now();
    response.items = await Promise.all(
      found
        .filter(f => f.entity)
        .map(f => status.statusOf(f.entity!, query.view)),
    );
    res.setHeader(
      'Server-Timing',
      `catalog;dur=${(looked - started).toFixed(1)}, status;dur=${(
        performance.now() - looked
      ).toFixed(1)}`,
    );
    res.json(response);
  });

  return router;
}
