import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import eksPlatformPlugin from '..';

jest.setTimeout(60_000);

const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'eks-service',
    namespace: 'default',
    annotations: { 'eks.platform/template-version': '1.2.0' },
  },
  spec: {},
};

function service(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'group:default/payments' },
  };
}

const entities = [
  template,
  service('orders', {
    'eks.platform/template-ref': 'template:default/eks-service',
    'eks.platform/template-version': '1.0.0',
  }),
  service('billing', {
    'eks.platform/template-ref': 'template:default/eks-service',
    'eks.platform/template-version': '1.2.0',
  }),
  service('legacy', {}),
];

async function startBackend(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const { server } = await startTestBackend({
    features: [
      eksPlatformPlugin,
      mockServices.permissions.factory({ result: permission }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({ data: {} }),
    ],
  });
  return (name: string) =>
    request(server)
      .get(`/api/eks-platform/v1/template-upgrade/component/default/${name}`)
      .set('Authorization', mockCredentials.user.header('user:default/alice'));
}

describe('GET /api/eks-platform/v1/template-upgrade/:kind/:namespace/:name', () => {
  it('says a service generated from an older template version is behind', async () => {
    const get = await startBackend();
    const res = await get('orders');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      templateRef: 'template:default/eks-service',
      currentVersion: '1.0.0',
      latestVersion: '1.2.0',
      behind: true,
    });
  });

  it('says a service on the current version is up to date', async () => {
    const get = await startBackend();
    const res = await get('billing');
    expect(res.status).toBe(200);
    expect(res.body.behind).toBe(false);
  });

  it('answers 404 with the annotations to add for a service that records no template', async () => {
    const get = await startBackend();
    const res = await get('legacy');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/eks\.platform\/template-ref/);
  });

  it('refuses a caller without the status permission, like the status API', async () => {
    const get = await startBackend(AuthorizeResult.DENY);
    const res = await get('orders');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/not allowed/);
  });
});
