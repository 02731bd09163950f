import {
  KubeClient,
  KubernetesClusters,
  startKubernetesClusters,
} from '../kubernetes';
import { ControlServer, startControlServer } from './server';

describe('control server', () => {
  let kube: KubernetesClusters;
  let control: ControlServer;
  let reader: KubeClient;

  beforeAll(async () => {
    kube = await startKubernetesClusters({
      clusters: [{ name: 'dev' }],
      crds: [],
    });
    const dev = kube.clusters.dev;
    reader = new KubeClient({ url: dev.url, token: dev.token, ca: dev.caPem });
    control = await startControlServer({
      clusters: kube.clusters,
      status: () => ({ urls: { kubernetes: { dev: dev.url } } }),
    });
  }, 120_000);
  afterAll(async () => {
    reader?.close();
    await control?.close();
    await kube?.close();
  });

  const post = (path: string, body?: unknown) =>
    fetch(`${control.url}${path}`, {
      method: 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('makes a cluster unreachable and reachable again on the same port', async () => {
    const dev = kube.clusters.dev;
    expect((await post('/sandbox/clusters/dev/stop')).status).toBe(200);
    await expect(reader.request('GET', '/api')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    expect(control.isRunning('dev')).toBe(false);
    const status = await (await fetch(`${control.url}/sandbox/status`)).json();
    expect(status.clusters.dev).toMatchObject({ url: dev.url, running: false });
    expect(status.urls.kubernetes.dev).toBe(dev.url);

    const started = await post('/sandbox/clusters/dev/start');
    expect(await started.json()).toMatchObject({
      name: 'dev',
      url: dev.url,
      running: true,
    });
    expect((await reader.request('GET', '/api')).kind).toBe('APIVersions');
  });

  it('sets every fault through the proxy, and validates the whole body first', async () => {
    const ok = await post('/sandbox/clusters/dev/faults', { failureRate: 1 });
    expect(ok.status).toBe(200);
    expect((await ok.json()).faults).toMatchObject({ failureRate: 1 });
    await expect(reader.request('GET', '/api/v1/pods')).rejects.toMatchObject({
      status: 500,
      reason: 'InternalError',
    });

    await post('/sandbox/clusters/dev/faults', {
      failureRate: 0,
      latencyMs: 150,
    });
    const started = Date.now();
    expect((await reader.request('GET', '/api/v1/pods')).kind).toBe('PodList');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    // A bad value anywhere changes nothing.
    const bad = await post('/sandbox/clusters/dev/faults', {
      latencyMs: 0,
      dripBytesPerSecond: -1,
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(
      /dripBytesPerSecond must be a non-negative number/,
    );
    expect(kube.clusters.dev.faults().latencyMs).toBe(150);
    const typo = await post('/sandbox/clusters/dev/faults', { latency: 5 });
    expect((await typo.json()).message).toMatch(/unknown fault 'latency'/);
    await post('/sandbox/clusters/dev/faults', { latencyMs: 0 });

    const notJson = await fetch(`${control.url}/sandbox/clusters/dev/faults`, {
      method: 'POST',
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect(
      (await post('/sandbox/clusters/dev/faults', { oversizedBytes: 5000 }))
        .status,
    ).toBe(200);
    const padded = await reader.request('GET', '/api/v1/pods');
    expect(padded.kind).toBe('PodList');
    await post('/sandbox/clusters/dev/faults', { oversizedBytes: 0 });
  });

  it('answers unknown clusters, routes and methods clearly', async () => {
    const unknown = await post('/sandbox/clusters/qa/stop');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toBe(
      "unknown cluster 'qa'; known clusters: dev",
    );
    expect(
      (await fetch(`${control.url}/sandbox/clusters/dev/stop`)).status,
    ).toBe(405);
    expect((await post('/sandbox/other')).status).toBe(404);
  });
});
