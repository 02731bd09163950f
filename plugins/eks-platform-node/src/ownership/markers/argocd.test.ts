import {
  ArgoCdSimulator,
  startArgoCdSimulator,
} from '@internal/eks-platform-sandbox';
import { createArgoCdClient } from '../../clients/argocd/argoCdClient';
import { testCallPolicy } from '../../__testUtils__/callPolicy';
import { sandboxArgoCdInstance } from '../../__testUtils__/sandboxClients';
import {
  argoCdMarkerMetadata,
  readArgoCdMarker,
  withArgoCdMarker,
} from './argocd';

const marker = {
  entityRef: 'component:default/payments',
  ownerRef: 'group:default/team-a',
};

describe('Argo CD ownership markers', () => {
  it('puts full refs in annotations and label-safe names in labels', () => {
    expect(argoCdMarkerMetadata(marker)).toEqual({
      labels: {
        'eks.platform/owner': 'team-a',
        'eks.platform/service': 'payments',
      },
      annotations: {
        'eks.platform/entity-ref': 'component:default/payments',
        'eks.platform/owner-ref': 'group:default/team-a',
      },
    });
  });

  it('keeps the labels and annotations a manifest already has', () => {
    const app = withArgoCdMarker(
      { metadata: { name: 'a', labels: { tier: 'web' } }, spec: {} },
      marker,
    );
    expect(app.metadata.labels).toMatchObject({ tier: 'web' });
    expect(readArgoCdMarker(app)).toEqual(marker);
    expect(readArgoCdMarker({ metadata: { labels: {} } })).toBeUndefined();
  });

  /* Written to the sandbox Argo CD and read back as the API returns it. */
  describe('through the Argo CD API', () => {
    let sim: ArgoCdSimulator;
    beforeEach(async () => {
      sim = await startArgoCdSimulator({ reconcileDelayMs: 10 });
    });
    afterEach(() => sim.close());

    it('round-trips on an Application and selects it by owner label', async () => {
      const client = createArgoCdClient(
        sandboxArgoCdInstance(sim),
        testCallPolicy().policy,
      );
      await client.request({
        operation: 'create application',
        method: 'POST',
        path: '/api/v1/applications',
        body: withArgoCdMarker(
          {
            metadata: { name: 'payments-dev', namespace: 'argocd' },
            spec: {
              project: 'default',
              source: {
                repoURL: 'https://github.com/acme/payments.git',
                path: 'chart',
                targetRevision: 'HEAD',
              },
              destination: {
                server: 'https://kubernetes.default.svc',
                namespace: 'payments',
              },
            },
          },
          marker,
        ),
      });
      const read = await client.request({
        operation: 'read application',
        method: 'GET',
        path: '/api/v1/applications/payments-dev',
      });
      expect(readArgoCdMarker(read.body)).toEqual(marker);
      const listed = await client.request({
        operation: 'list applications',
        method: 'GET',
        path: '/api/v1/applications',
        query: { selector: 'eks.platform/owner=team-a' },
      });
      expect(listed.body.items.map((a: any) => a.metadata.name)).toEqual([
        'payments-dev',
      ]);
    });
  });
});
