import { KubernetesApiServer, startKubernetesApiServer } from '../kubernetes';
import { ControlServer, startControlServer } from './server';

const auth = { Authorization: 'Bearer sandbox-kube-token' };

describe('control server', () => {
  let dev: KubernetesApiServer;
  let control: ControlServer;

  beforeAll(async () => {
    dev = await startKubernetesApiServer({ name: 'dev' });
    control = await startControlServer({
      clusters: { dev },
      status: () => ({ urls: { kubernetes: { dev: dev.url } } }),
    });
  });
  afterAll(async () => {
    await control.close();
    await dev.close();
  });

  const post = (path: string, body?: unknown) =>
    fetch(`${control.url}${path}`, {
      method: 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('stops and restarts a cluster on the same port', async () => {
    expect((await post('/sandbox/clusters/dev/stop')).status).toBe(200);
    await expect(fetch(`${dev.url}/api`, { headers: auth })).rejects.toThrow();
    expect(control.isRunning('dev')).toBe(false);
    const status = await (await fetch(`${control.url}/sandbox/status`)).json();
    expect(status.clusters.dev).toEqual({ url: dev.url, running: false });
    expect(status.urls.kubernetes.dev).toBe(dev.url);

    const started = await post('/sandbox/clusters/dev/start');
    expect(await started.json()).toEqual({
      name: 'dev',
      url: dev.url,
      running: true,
    });
    expect((await fetch(`${dev.url}/api`, { headers: auth })).status).toBe(200);
  });

  it('injects latency and failures, and validates the body first', async () => {
    expect(
      (await post('/sandbox/clusters/dev/faults', { failureRate: 1 })).status,
    ).toBe(200);
    expect(
      (await fetch(`${dev.url}/api/v1/namespaces`, { headers: auth })).status,
    ).toBe(500);
    expect(
      (
        await post('/sandbox/clusters/dev/faults', {
          failureRate: 0,
          latencyMs: 150,
        })
      ).status,
    ).toBe(200);
    const started = Date.now();
    expect(
      (await fetch(`${dev.url}/api/v1/namespaces`, { headers: auth })).status,
    ).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await post('/sandbox/clusters/dev/faults', { latencyMs: 0 });

    const bad = await post('/sandbox/clusters/dev/faults', { latencyMs: -1 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(
      /latencyMs must be a non-negative number/,
    );
    const notJson = await fetch(`${control.url}/sandbox/clusters/dev/faults`, {
      method: 'POST',
      body: '{',
    });
    expect(notJson.status).toBe(400);
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
