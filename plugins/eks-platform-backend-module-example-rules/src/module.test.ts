import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ScorecardQueryResponse,
  ScorecardRulesResponse,
} from '@internal/backstage-plugin-eks-platform-common';
// The module is proven against the real plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import eksPlatformPlugin from '@internal/backstage-plugin-eks-platform-backend';
import { PROD_ENVIRONMENT_CONFIG } from '@internal/eks-platform-test-utils';
import request from 'supertest';
import exampleRules from '.';

function service(
  name: string,
  links: Array<{ url: string; title?: string; type?: string }>,
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', links },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team',
    },
  };
}

describe('example scorecard rules module', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        eksPlatformPlugin,
        exampleRules,
        mockServices.rootConfig.factory({
          data: {
            eksPlatform: {
              ...PROD_ENVIRONMENT_CONFIG,
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            service('paged', [
              {
                url: 'https://oncall.example.com/teams/shop',
                title: 'Rota',
                type: 'on-call',
              },
            ]),
            service('unpaged', [
              { url: 'https://docs.example.com', title: 'Docs' },
            ]),
          ],
        }),
      ],
    }));
  }, 60_000);

  it('adds on-call-link to the rules the scorecard lists', async () => {
    const res = await request(server)
      .get('/api/eks-platform/v1/scorecard/rules')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(
      (res.body as ScorecardRulesResponse).items.find(
        r => r.id === 'on-call-link',
      ),
    ).toEqual({
      id: 'on-call-link',
      title: 'Links to its on-call rota',
      why: expect.any(String),
      fix: expect.stringContaining('type on-call'),
      severity: 'medium',
      appliesTo: { lifecycles: ['production'] },
      source: 'example-rules',
    });
  });

  it('judges services by it: a pass with an on-call link, a fail without', async () => {
    const res = await request(server)
      .post('/api/eks-platform/v1/scorecard/query')
      .set('Authorization', mockCredentials.user.header())
      .send({ entityRefs: ['paged', 'unpaged'] });
    expect(res.status).toBe(200);
    const verdicts = (res.body as ScorecardQueryResponse).items.map(card => [
      card.entityRef,
      card.environments[0].results.find(r => r.ruleId === 'on-call-link'),
    ]);
    expect(verdicts).toEqual([
      [
        'component:default/paged',
        { ruleId: 'on-call-link', outcome: 'pass', reasons: [] },
      ],
      [
        'component:default/unpaged',
        {
          ruleId: 'on-call-link',
          outcome: 'fail',
          reasons: ['no link of type on-call in metadata.links'],
        },
      ],
    ]);
  });
});
