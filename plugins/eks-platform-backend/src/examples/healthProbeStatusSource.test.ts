import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityPlatformStatus,
  operationalVerdicts,
  ServiceScorecard,
} from '@internal/backstage-plugin-eks-platform-common';
import { PROD_ENVIRONMENT_CONFIG } from '@internal/eks-platform-test-utils';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import eksPlatformPlugin from '..';
import { component } from '../__testUtils__/entities';
import {
  eksPlatformModuleHealthProbe,
  HEALTH_PATH_ANNOTATION,
} from './healthProbeStatusSource';

/*
 * The status-sources extension point through the real backend wiring: the
 * example module's source (a real HTTP probe of a loopback server) shows in
 * the status answer, its finding decides the overall health, and the
 * overview's verdicts gain its line.
 */
describe('a status source added by a backend module', () => {
  let services: Server;
  let baseUrl: string;

  beforeAll(async () => {
    // "checkout" is healthy, "payments" answers 503.
    services = createServer((req, res) => {
      res.statusCode = req.url === '/payments/healthz' ? 503 : 200;
      res.end();
    });
    await new Promise<void>(r => services.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(services.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(r => services.close(r)));

  async function backendWith(name: string) {
    const entity = component(name, { [HEALTH_PATH_ANNOTATION]: '/healthz' });
    return startTestBackend({
      features: [
        eksPlatformPlugin,
        eksPlatformModuleHealthProbe,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: [entity, component('plain')] }),
        mockServices.rootConfig.factory({
          data: {
            eksPlatform: {
              healthProbe: { baseUrl: `${baseUrl}/{name}` },
              // The scorecard judges per platform environment.
              ...PROD_ENVIRONMENT_CONFIG,
            },
          },
        }),
      ],
    });
  }

  async function statusOf(name: string, view: 'full' | 'summary' = 'full') {
    const { server } = await backendWith(name);
    const res = await request(server)
      .get(`/api/eks-platform/v1/status/component/default/${name}?view=${view}`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body as EntityPlatformStatus;
  }

  it("makes a service critical when its health endpoint fails, with the source's reason", async () => {
    const status = await statusOf('payments');
    expect(status.extraSources?.['health-probe']).toMatchObject({
      state: 'ok',
      data: {
        title: 'Health endpoint',
        findings: [{ level: 'critical', text: '/healthz answers HTTP 503' }],
      },
    });
    expect(status.health.level).toBe('critical');
    expect(status.health.reasons[0]).toBe(
      'Health endpoint: /healthz answers HTTP 503',
    );
  });

  it('is judged by the scorecard through the rule its module adds: a failing endpoint fails the rule, a healthy one passes it', async () => {
    const verdictOf = async (name: string) => {
      const { server } = await backendWith(name);
      const res = await request(server)
        .get(`/api/eks-platform/v1/scorecard/component/default/${name}`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      const card = res.body as ServiceScorecard;
      return card.environments
        .flatMap(e => e.results)
        .find(r => r.ruleId === 'health-endpoint-answers');
    };
    expect(await verdictOf('payments')).toEqual({
      ruleId: 'health-endpoint-answers',
      outcome: 'fail',
      reasons: ['/healthz answers HTTP 503'],
    });
    expect(await verdictOf('checkout')).toMatchObject({ outcome: 'pass' });
  });

  it('keeps the source in the summary view the cards and the fleet read, as one more verdict line', async () => {
    const status = await statusOf('checkout', 'summary');
    // Nothing else is configured: the probe alone knows the service.
    expect(status.health.level).toBe('healthy');
    const line = operationalVerdicts(status, Date.now()).find(
      v => v.id === 'source:health-probe',
    );
    expect(line).toMatchObject({
      label: 'Health endpoint',
      state: 'ok',
      level: 'healthy',
    });
  });

  it('says what to add for a service without the annotation', async () => {
    const status = await statusOf('plain');
    expect(status.extraSources?.['health-probe']).toEqual({
      state: 'not-configured',
      hint: `add the ${HEALTH_PATH_ANNOTATION} annotation, e.g. /healthz`,
    });
    expect(status.health.level).toBe('unknown');
  });
});
