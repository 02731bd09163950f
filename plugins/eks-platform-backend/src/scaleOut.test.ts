import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import {
  ArgoCdSimulator,
  startArgoCdSimulator,
  startRealServersOrSkip,
} from '@internal/eks-platform-sandbox';
import request from 'supertest';
import eksPlatformPlugin from '.';
import { annotatedService } from './__testUtils__/entities';

// Started while jest collects this file, so it can skip (not fail) on a
// machine where PostgreSQL or Redis cannot start.
const servers = startRealServersOrSkip(
  ['postgres', 'redis'],
  'two backend instances on one PostgreSQL and one Redis',
);
const describeIfServers = servers.available ? describe : describe.skip;
// Redis stays up until this process exits (see startRedis).
afterAll(() => servers.postgres?.stop());
const REFRESH_SECONDS = 2;

describeIfServers(
  'two backend instances on one PostgreSQL and one Redis',
  () => {
    let argo: ArgoCdSimulator;
    const backends: Array<Awaited<ReturnType<typeof startTestBackend>>> = [];

    beforeAll(async () => {
      argo = await startArgoCdSimulator({
        token: 'sandbox-argocd-token',
        applications: [
          {
            metadata: { name: 'checkout', namespace: 'argocd' },
            spec: {
              project: 'default',
              source: {
                repoURL: 'https://github.com/acme/gitops',
                path: 'apps/checkout',
                targetRevision: 'main',
              },
              destination: {
                server: 'https://kubernetes.default.svc',
                namespace: 'shop',
              },
            },
          } as any,
        ],
      });
      const config = {
        backend: {
          database: {
            client: 'pg',
            connection: {
              host: '127.0.0.1',
              port: servers.postgres!.port,
              user: 'postgres',
            },
          },
          cache: {
            store: 'redis',
            connection: `redis://127.0.0.1:${servers.redis!.port}`,
          },
        },
        eksPlatform: {
          argocd: {
            instances: [
              { name: 'main', url: argo.url, token: 'sandbox-argocd-token' },
            ],
          },
          status: { refreshSeconds: { argocd: REFRESH_SECONDS } },
        },
      };
      for (let i = 0; i < 2; i++) {
        backends.push(
          await startTestBackend({
            features: [
              eksPlatformPlugin,
              databaseServiceFactory,
              cacheServiceFactory,
              schedulerServiceFactory,
              mockServices.rootConfig.factory({ data: config }),
              catalogServiceMock.factory({
                entities: [annotatedService('checkout')],
              }),
            ],
          }),
        );
      }
    }, 60_000);

    afterAll(async () => {
      await Promise.all(backends.map(b => b.stop()));
      await argo?.close();
    }, 30_000);

    const statusFrom = async (i: number) => {
      const res = await request(backends[i].server)
        .get('/api/eks-platform/v1/status/component/default/checkout')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body as EntityPlatformStatus;
    };
    const applicationLists = () =>
      argo.requestCounts.get('GET /api/v1/applications') ?? 0;

    it('both instances answer with the same data, polled once per interval across both', async () => {
      const [a, b] = await Promise.all([statusFrom(0), statusFrom(1)]);
      expect(a.sources.argocd.state).toBe('ok');
      expect(b.sources.argocd).toEqual(a.sources.argocd);

      const before = applicationLists();
      const windowSeconds = 10;
      await new Promise(r => setTimeout(r, windowSeconds * 1000));
      const polls = applicationLists() - before;
      // One poller across both instances: about windowSeconds / refresh polls.
      // Two pollers would make about twice as many.
      expect(polls).toBeGreaterThanOrEqual(2);
      expect(polls).toBeLessThanOrEqual(windowSeconds / REFRESH_SECONDS + 1);
    }, 30_000);

    it('a change upstream reaches both instances through the shared cache', async () => {
      argo.setApplicationStatus('checkout', { health: 'Degraded' } as any);
      const deadline = Date.now() + 10_000;
      let statuses: EntityPlatformStatus[] = [];
      while (Date.now() < deadline) {
        statuses = await Promise.all([statusFrom(0), statusFrom(1)]);
        if (
          statuses.every(
            s =>
              s.sources.argocd.data?.applications[0]?.healthStatus ===
              'Degraded',
          )
        )
          break;
        await new Promise(r => setTimeout(r, 250));
      }
      for (const s of statuses) {
        expect(s.sources.argocd.data!.applications[0].healthStatus).toBe(
          'Degraded',
        );
        expect(s.health.level).toBe('critical');
      }
    }, 20_000);
  },
);
