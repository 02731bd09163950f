import { mockCredentials, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import eksPlatformPlugin from '.';

describe('eks-platform backend plugin', () => {
  it('serves /health without credentials', async () => {
    const { server } = await startTestBackend({ features: [eksPlatformPlugin] });
    const res = await request(server).get('/api/eks-platform/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('rejects other routes without credentials', async () => {
    const { server } = await startTestBackend({ features: [eksPlatformPlugin] });
    const res = await request(server)
      .get('/api/eks-platform/v1/whoami')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('accepts user credentials', async () => {
    const { server } = await startTestBackend({ features: [eksPlatformPlugin] });
    const res = await request(server)
      .get('/api/eks-platform/v1/whoami')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ principal: 'user' });
  });
});
