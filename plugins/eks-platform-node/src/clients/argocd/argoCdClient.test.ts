import {
  ArgoCdSimulator,
  startArgoCdSimulator,
} from '@internal/eks-platform-sandbox';
import { testCallPolicy } from '../../__testUtils__/callPolicy';
import { sandboxArgoCdInstance } from '../../__testUtils__/sandboxClients';
import { createArgoCdClient } from './argoCdClient';

describe('createArgoCdClient', () => {
  let sim: ArgoCdSimulator;
  beforeEach(async () => {
    sim = await startArgoCdSimulator({ token: 'sandbox-argocd-token' });
  });
  afterEach(() => sim.close());

  it('calls the API with the instance’s bearer token', async () => {
    const client = createArgoCdClient(
      sandboxArgoCdInstance(sim),
      testCallPolicy().policy,
    );
    const res = await client.request({
      operation: 'read project "default"',
      method: 'GET',
      path: '/api/v1/projects/default',
    });
    expect(res.body.metadata.name).toBe('default');
  });

  it('names the instance and the key to renew when the token is refused, never the token', async () => {
    const client = createArgoCdClient(
      sandboxArgoCdInstance(sim, 'expired-token-value'),
      testCallPolicy().policy,
    );
    const error = await client
      .request({
        operation: 'list applications',
        method: 'GET',
        path: '/api/v1/applications',
      })
      .catch(e => e);
    expect(error.failure.status).toBe(401);
    expect(error.message).toContain(
      'The token for Argo CD instance "main" was not accepted; renew eksPlatform.argocd.instances[].token.',
    );
    expect(error.message).not.toContain('expired-token-value');
  });

  it('names errors after a configured upstream name when asked (status backend)', async () => {
    const client = createArgoCdClient(
      sandboxArgoCdInstance(sim, 'wrong-token-value'),
      testCallPolicy(1).policy,
      undefined,
      'argocd/main',
    );
    const error = await client
      .request({
        operation: 'list applications',
        method: 'GET',
        path: '/api/v1/applications',
      })
      .catch(e => e);
    expect(error.message).toMatch(/^argocd\/main failed to list applications/);
  });
});
