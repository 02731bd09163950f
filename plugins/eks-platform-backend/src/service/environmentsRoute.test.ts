import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PlatformEnvironmentsResponse } from '@internal/backstage-plugin-eks-platform-common';
import request from 'supertest';
import eksPlatformPlugin from '..';

jest.setTimeout(60_000);

const ARGO_TOKEN = 'argocd-token-never-in-a-response';

/** Platform config as a portal has it: three environments, one with a title. */
const platformConfig = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: ['dev', 'stage', 'prod'].map(name => ({
          name,
          url: `https://${name}.eks.example.com`,
          authProvider: 'serviceAccount',
          serviceAccountToken: `kube-${name}-token`,
        })),
      },
    ],
  },
  eksPlatform: {
    argocd: {
      instances: [
        { name: 'main', url: 'https://argocd.example.com', token: ARGO_TOKEN },
      ],
    },
    environments: [
      {
        name: 'dev',
        title: 'Development',
        description: 'Every merge to main deploys here.',
        cluster: 'dev',
        argocd: { instance: 'main', destinationServer: 'https://dev.k8s' },
        aws: { accountId: '111111111111', region: 'eu-west-1' },
        promotion: 'automatic',
      },
      {
        name: 'prod',
        cluster: 'prod',
        argocd: { instance: 'main', destinationName: 'prod' },
        vault: { kubernetesAuthMount: 'kubernetes-prod' },
        aws: { accountId: '222222222222', region: 'eu-central-1' },
      },
    ],
  },
};

async function startBackend(
  options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    config?: object;
  } = {},
) {
  return startTestBackend({
    features: [
      eksPlatformPlugin,
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: options.config ?? platformConfig,
      }),
    ],
  });
}

describe('GET /api/eks-platform/v1/environments', () => {
  it('lists the configured environments in config order, with titles and no account, instance or mount', async () => {
    const backend = await startBackend();
    try {
      const res = await request(backend.server)
        .get('/api/eks-platform/v1/environments')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body as PlatformEnvironmentsResponse).toEqual({
        items: [
          {
            name: 'dev',
            title: 'Development',
            description: 'Every merge to main deploys here.',
            cluster: 'dev',
            region: 'eu-west-1',
            promotion: 'automatic',
          },
          {
            name: 'prod',
            title: 'prod',
            description: '',
            cluster: 'prod',
            region: 'eu-central-1',
            promotion: 'pull-request',
          },
        ],
      });
      const text = JSON.stringify(res.body);
      for (const secretOrInternal of [
        '111111111111',
        '222222222222',
        'argocd.example.com',
        'dev.k8s',
        'kubernetes-prod',
        ARGO_TOKEN,
      ]) {
        expect(text).not.toContain(secretOrInternal);
      }
    } finally {
      await backend.stop();
    }
  });

  it('answers the scaffolder (service credentials) too', async () => {
    const backend = await startBackend();
    try {
      const res = await request(backend.server)
        .get('/api/eks-platform/v1/environments')
        .set('Authorization', mockCredentials.service.header());
      expect(res.status).toBe(200);
      expect(res.body.items.map((e: { name: string }) => e.name)).toEqual([
        'dev',
        'prod',
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('is empty, not an error, when the platform configures no environment', async () => {
    const backend = await startBackend({
      config: { eksPlatform: {} },
    });
    try {
      const res = await request(backend.server)
        .get('/api/eks-platform/v1/environments')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    } finally {
      await backend.stop();
    }
  });

  it('refuses a request without credentials (401)', async () => {
    const backend = await startBackend();
    try {
      const res = await request(backend.server)
        .get('/api/eks-platform/v1/environments')
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain('dev');
    } finally {
      await backend.stop();
    }
  });

  it('refuses a caller the policy denies eks.platform.environments.read (403)', async () => {
    const backend = await startBackend({
      permission: AuthorizeResult.DENY,
    });
    try {
      const res = await request(backend.server)
        .get('/api/eks-platform/v1/environments')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        'eks.platform.environments.read',
      );
      expect(res.body.items).toBeUndefined();
    } finally {
      await backend.stop();
    }
  });

  it('stops the start-up, naming the key, when a title spans lines', async () => {
    const bad = structuredClone(platformConfig);
    (bad.eksPlatform.environments[0] as { title?: string }).title =
      'Dev\n<script>';
    await expect(startBackend({ config: bad })).rejects.toThrow(
      'eksPlatform.environments[0].title must be one line',
    );
  });
});
