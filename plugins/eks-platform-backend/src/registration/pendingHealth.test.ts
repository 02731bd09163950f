import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import { healthWithRegistration } from './pendingHealth';
import { clusterStatus } from '../__testUtils__/statusFixtures';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

/** One cluster, with the service's Deployment running there or nothing. */
function sourcesWith(running: boolean): EntityPlatformStatus['sources'] {
  const none = { state: 'not-configured' as const, hint: 'x' };
  return {
    kubernetes: {
      state: 'ok',
      data: { clusters: [clusterStatus('prod', running)] },
    },
    alerts: none,
    traces: none,
    argocd: none,
  };
}

const neverAnswers = new Promise<undefined>(() => {});

describe('healthWithRegistration', () => {
  it('answers a running service without waiting for GitHub', async () => {
    const health = await healthWithRegistration({
      entity,
      sources: sourcesWith(true),
      pullRequest: neverAnswers,
      // Longer than the test's own timeout: only not waiting can pass.
      deadlineMs: 60_000,
    });
    expect(health.level).not.toBe('pending');
  });

  it('marks a service that runs nowhere pending with its open registration pull request', async () => {
    const health = await healthWithRegistration({
      entity,
      sources: sourcesWith(false),
      pullRequest: Promise.resolve({
        url: 'https://github.example/platform/gitops/pull/4',
        title: 'Register checkout',
        number: 4,
      }),
      deadlineMs: 1000,
    });
    expect(health.level).toBe('pending');
    expect(health.registration?.pullRequest?.number).toBe(4);
  });

  it('gives up on the pull request at the deadline and is still pending for a service that runs nowhere', async () => {
    const health = await healthWithRegistration({
      entity,
      sources: sourcesWith(false),
      pullRequest: neverAnswers,
      deadlineMs: 20,
    });
    expect(health.level).toBe('pending');
    expect(health.registration?.pullRequest).toBeUndefined();
  });
});
