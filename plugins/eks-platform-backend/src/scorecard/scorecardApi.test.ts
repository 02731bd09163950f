import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ScorecardQueryResponse,
  ScorecardRollupResponse,
  ScorecardRulesResponse,
  ServiceScorecard,
} from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformScorecardRulesExtensionPoint } from '@internal/backstage-plugin-eks-platform-node';
import request from 'supertest';
import eksPlatformPlugin from '..';
import { component } from '../__testUtils__/entities';
import { conditionalPermissions as conditionalPermissions_ } from '../__testUtils__/conditionalPermissions';
import { PROD_ENVIRONMENT_CONFIG } from '@internal/eks-platform-test-utils';

/** A service on template version `version`, owned by `owner`, in `system`. */
function service(
  name: string,
  version: string,
  owner: string,
  system?: string,
): Entity {
  const entity = component(name, {
    'eks.platform/template-ref': 'template:default/eks-service',
    'eks.platform/template-version': version,
  });
  entity.spec = { ...entity.spec, owner, ...(system ? { system } : {}) };
  return entity;
}

const TEMPLATE: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'eks-service',
    namespace: 'default',
    annotations: { 'eks.platform/template-version': '1.5.0' },
  },
  spec: { type: 'service', owner: 'group:default/team-platform' },
};

const HIDDEN = 'component:default/hidden';

const conditionalPermissions = conditionalPermissions_(HIDDEN);

/** A module rule: services must be named in lower case (all are, but `Loud`). */
const moduleRules = createBackendModule({
  pluginId: 'eks-platform',
  moduleId: 'test-rules',
  register(reg) {
    reg.registerInit({
      deps: { rules: eksPlatformScorecardRulesExtensionPoint },
      async init({ rules }) {
        rules.addRules({
          id: 'has-system',
          title: 'Belongs to a system',
          why: 'A service without a system has no architecture owner.',
          fix: 'Set spec.system in catalog-info.yaml.',
          severity: 'medium',
          appliesTo: {},
          source: 'test-rules',
          evaluate: ({ entity }) =>
            entity.spec?.system
              ? { outcome: 'pass', reasons: [] }
              : { outcome: 'fail', reasons: ['spec.system is not set'] },
        });
      },
    });
  },
});

const CONFIG = {
  eksPlatform: {
    ...PROD_ENVIRONMENT_CONFIG,
    scorecard: { rules: { 'hpa-configured': { enabled: false } } },
  },
};

async function backend(permissions = conditionalPermissions) {
  return startTestBackend({
    features: [
      eksPlatformPlugin,
      moduleRules,
      permissions,
      // Runs the history task at start-up: today's scores are in the table.
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      mockServices.rootConfig.factory({ data: CONFIG }),
      catalogServiceMock.factory({
        entities: [
          TEMPLATE,
          service('checkout', '1.4.0', 'group:default/team-shop', 'shop'),
          service('cart', '1.5.0', 'group:default/team-shop', 'shop'),
          service('ledger', '1.5.0', 'team-money'),
          service('hidden', '1.4.0', 'group:default/team-shop', 'shop'),
        ],
      }),
    ],
  });
}

const asUser = (req: request.Test) =>
  req.set('Authorization', mockCredentials.user.header());

describe('scorecard API', () => {
  let server: Awaited<ReturnType<typeof backend>>['server'];
  beforeAll(async () => {
    ({ server } = await backend());
  }, 60_000);

  it('lists the rules in force: built-in and module rules, config applied', async () => {
    const res = await asUser(
      request(server).get('/api/eks-platform/v1/scorecard/rules'),
    );
    expect(res.status).toBe(200);
    const { items } = res.body as ScorecardRulesResponse;
    const ids = items.map(r => r.id);
    expect(ids).toContain('replicas-spread-zones');
    expect(ids).not.toContain('hpa-configured');
    expect(items.find(r => r.id === 'has-system')).toMatchObject({
      source: 'test-rules',
      severity: 'medium',
    });
    expect(items.find(r => r.id === 'network-policy')).toMatchObject({
      source: 'eks-platform',
      chartValue: 'networkPolicy.enabled',
    });
  });

  it('serves a service’s scorecard with its rules’ verdicts, today’s history and its images', async () => {
    const res = await asUser(
      request(server).get(
        '/api/eks-platform/v1/scorecard/component/default/checkout',
      ),
    );
    expect(res.status).toBe(200);
    const card = res.body as ServiceScorecard;
    expect(card.entityRef).toBe('component:default/checkout');
    const [prod] = card.environments;
    expect(prod.environment).toBe('prod');
    const byId = new Map(prod.results.map(r => [r.ruleId, r]));
    expect(byId.get('template-current')).toEqual({
      ruleId: 'template-current',
      outcome: 'fail',
      reasons: ['on template version 1.4.0, the current one is 1.5.0'],
    });
    expect(byId.get('has-system')!.outcome).toBe('pass');
    // No cluster configured: the Kubernetes rules cannot pass.
    expect(byId.get('container-probes')).toEqual({
      ruleId: 'container-probes',
      outcome: 'unknown',
      reasons: [expect.stringMatching(/^Kubernetes is not configured/)],
    });
    // template-current (low, 1) fails, has-system (medium, 2) passes.
    expect(prod.score).toBe(67);
    expect(card.score).toBe(67);
    expect(prod.results[0].ruleId).toBe('template-current');
    expect(card.history).toEqual([
      {
        day: new Date().toISOString().slice(0, 10),
        environment: 'prod',
        score: 67,
      },
    ]);
    expect(card.images).toEqual([]);
  });

  it('answers 404 for an unknown entity and 403 for one the caller may not read', async () => {
    const missing = await asUser(
      request(server).get(
        '/api/eks-platform/v1/scorecard/component/default/nope',
      ),
    );
    expect(missing.status).toBe(404);
    const hidden = await asUser(
      request(server).get(
        '/api/eks-platform/v1/scorecard/component/default/hidden',
      ),
    );
    expect(hidden.status).toBe(403);
    expect(hidden.body.error.message).toMatch(
      /not allowed to read the scorecard of component:default\/hidden/,
    );
    expect(JSON.stringify(hidden.body)).not.toContain('environments');
  });

  it('queries many services, refusing the unreadable and the unknown without their data', async () => {
    const res = await asUser(
      request(server)
        .post('/api/eks-platform/v1/scorecard/query')
        .send({
          entityRefs: ['checkout', 'component:default/cart', HIDDEN, 'ghost'],
        }),
    );
    expect(res.status).toBe(200);
    const body = res.body as ScorecardQueryResponse;
    expect(body.items.map(i => [i.entityRef, i.score])).toEqual([
      ['component:default/checkout', 67],
      ['component:default/cart', 100],
    ]);
    expect(body.errors).toEqual([
      {
        entityRef: HIDDEN,
        error: {
          name: 'NotAllowedError',
          message: `You are not allowed to read the scorecard of ${HIDDEN}`,
        },
      },
      {
        entityRef: 'component:default/ghost',
        error: {
          name: 'NotFoundError',
          message: 'Entity component:default/ghost not found',
        },
      },
    ]);
  });

  it.each([
    [[], /Request body must be a JSON object/],
    [{ entityRefs: [] }, /entityRefs must be a non-empty array/],
    [{ entityRefs: [42] }, /entityRefs\[0\] must be a string/],
  ])('refuses the query body %j saying what to fix', async (body, message) => {
    const res = await asUser(
      request(server).post('/api/eks-platform/v1/scorecard/query').send(body),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('rolls scores up by owner over the services the caller may read only', async () => {
    const res = await asUser(
      request(server).get('/api/eks-platform/v1/scorecard/teams?by=owner'),
    );
    expect(res.status).toBe(200);
    const { items } = res.body as ScorecardRollupResponse;
    const today = new Date().toISOString().slice(0, 10);
    expect(items).toEqual([
      {
        ref: 'group:default/team-money',
        kind: 'owner',
        // ledger: on the current template, but in no system.
        score: 33,
        services: 1,
        failingRules: { 'has-system': 1 },
        history: [{ day: today, score: 33 }],
      },
      {
        ref: 'group:default/team-shop',
        kind: 'owner',
        // checkout 67 and cart 100; hidden is left out.
        score: 84,
        services: 2,
        failingRules: { 'template-current': 1 },
        history: [{ day: today, score: 84 }],
      },
    ]);
  });

  it('rolls up by system, and refuses any other grouping', async () => {
    const res = await asUser(
      request(server).get('/api/eks-platform/v1/scorecard/teams?by=system'),
    );
    expect(
      (res.body as ScorecardRollupResponse).items.map(i => [i.ref, i.services]),
    ).toEqual([['system:default/shop', 2]]);
    const bad = await asUser(
      request(server).get('/api/eks-platform/v1/scorecard/teams?by=colour'),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'by must be "owner" or "system", got "colour"',
    );
  });

  it.each([
    '/api/eks-platform/v1/scorecard/rules',
    '/api/eks-platform/v1/scorecard/teams',
    '/api/eks-platform/v1/scorecard/component/default/checkout',
  ])('refuses %s without credentials (401)', async path => {
    const res = await request(server)
      .get(path)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});

describe('scorecard API with the status permission denied', () => {
  it('answers 403 on every route without reading the catalog', async () => {
    const { server } = await backend(
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    );
    for (const req of [
      request(server).get('/api/eks-platform/v1/scorecard/rules'),
      request(server).get('/api/eks-platform/v1/scorecard/teams'),
      request(server).get(
        '/api/eks-platform/v1/scorecard/component/default/checkout',
      ),
      request(server)
        .post('/api/eks-platform/v1/scorecard/query')
        .send({ entityRefs: ['checkout'] }),
    ]) {
      const res = await asUser(req);
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('environments');
    }
  }, 60_000);
});
