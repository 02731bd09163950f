import {
  ApisApi,
  AppsV1Api,
  CoreApi,
  CoreV1Api,
  CustomObjectsApi,
  VersionApi,
} from '@kubernetes/client-node';
import { startKubernetesApiServer, KubernetesApiServer } from './server';
import { kubeConfigFor } from './__testUtils__/kubeClient';

describe('Kubernetes API simulator discovery', () => {
  let server: KubernetesApiServer;
  beforeAll(async () => {
    server = await startKubernetesApiServer({ name: 'dev' });
  });
  afterAll(() => server.close());

  it('serves /version, /api, /apis and the resource lists clients discover kinds from', async () => {
    const kc = kubeConfigFor(server);
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version).toMatchObject({
      major: '1',
      minor: '31+',
      gitVersion: expect.stringMatching(/^v1\.31\.\d+-eks-/),
    });

    const api = await kc.makeApiClient(CoreApi).getAPIVersions();
    expect(api.versions).toEqual(['v1']);

    const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
    expect(groups.groups.map(g => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'autoscaling',
        'policy',
        'networking.k8s.io',
        'monitoring.coreos.com',
        'metrics.k8s.io',
      ]),
    );
    expect(
      groups.groups.find(g => g.name === 'autoscaling')?.preferredVersion
        ?.groupVersion,
    ).toBe('autoscaling/v2');

    const core = await kc.makeApiClient(CoreV1Api).getAPIResources();
    const pods = core.resources.find(r => r.name === 'pods');
    expect(pods).toMatchObject({
      namespaced: true,
      kind: 'Pod',
      shortNames: ['po'],
      verbs: expect.arrayContaining(['list', 'watch']),
    });
    expect(core.resources.find(r => r.name === 'nodes')?.namespaced).toBe(
      false,
    );

    const apps = await kc.makeApiClient(AppsV1Api).getAPIResources();
    expect(apps.groupVersion).toBe('apps/v1');
    expect(apps.resources.map(r => r.name)).toEqual(
      expect.arrayContaining([
        'deployments',
        'replicasets',
        'deployments/status',
      ]),
    );

    const custom = kc.makeApiClient(CustomObjectsApi);
    const monitoring = await custom.getAPIResources({
      group: 'monitoring.coreos.com',
      version: 'v1',
    });
    expect(monitoring.resources.map(r => r.kind)).toEqual(
      expect.arrayContaining(['ServiceMonitor', 'PrometheusRule']),
    );
  });

  it('answers unknown groups with a NotFound Status', async () => {
    const response = await fetch(`${server.url}/apis/example.com/v1`, {
      headers: { Authorization: 'Bearer sandbox-kube-token' },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
    });
  });
});
