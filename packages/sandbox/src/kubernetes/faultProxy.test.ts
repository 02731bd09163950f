import https from 'node:https';
import {
  KubernetesCluster,
  KubernetesClusters,
  startKubernetesClusters,
} from './clusters';
import { NO_FAULTS } from './faults';

/*
 * The fault proxy in front of a real kube-apiserver: what a client of the
 * cluster sees for each fault, measured on the wire.
 */
jest.setTimeout(60_000);

let kube: KubernetesClusters;
let dev: KubernetesCluster;
beforeAll(async () => {
  kube = await startKubernetesClusters({
    clusters: [{ name: 'dev' }],
    crds: [],
  });
  dev = kube.clusters.dev;
}, 120_000);
afterAll(() => kube?.close());
afterEach(async () => {
  dev.setFaults(NO_FAULTS);
  await dev.start();
});

interface Exchange {
  status?: number;
  body: string;
  /** ms until the response headers arrived */
  headersMs?: number;
  /** ms until the body ended (or the connection broke) */
  totalMs: number;
  error?: string;
}

/** One GET through the proxy, timing headers and body separately. */
function get(path: string, timeoutMs = 10_000): Promise<Exchange> {
  const started = Date.now();
  return new Promise(resolve => {
    let body = '';
    let status: number | undefined;
    let headersMs: number | undefined;
    const done = (error?: string) =>
      resolve({
        status,
        body,
        headersMs,
        totalMs: Date.now() - started,
        error,
      });
    const req = https.get(
      `${dev.url}${path}`,
      { ca: dev.caPem, headers: { Authorization: `Bearer ${dev.token}` } },
      res => {
        status = res.statusCode;
        headersMs = Date.now() - started;
        res.setEncoding('utf8');
        res.on('data', c => (body += c));
        res.on('end', () => done());
        res.on('error', e =>
          done((e as NodeJS.ErrnoException).code ?? e.message),
        );
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
    req.on('error', e => done((e as NodeJS.ErrnoException).code ?? e.message));
  });
}

describe('cluster fault proxy', () => {
  it('forwards to the real API server and counts requests per path', async () => {
    const before = dev.requestCounts.get('GET /api/v1/pods') ?? 0;
    const answer = await get('/api/v1/pods?limit=5');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).kind).toBe('PodList');
    expect(dev.requestCounts.get('GET /api/v1/pods')).toBe(before + 1);
    expect(dev.requests[dev.requests.length - 1]).toMatchObject({
      method: 'GET',
      path: '/api/v1/pods',
      query: 'limit=5',
    });
  });

  it('delays requests by the latency', async () => {
    dev.setLatency(300);
    const answer = await get('/api/v1/pods');
    expect(answer.status).toBe(200);
    expect(answer.headersMs!).toBeGreaterThanOrEqual(290);
  });

  it('fails the given share of requests with a Status body', async () => {
    dev.setFailureRate(1);
    const answer = await get('/api/v1/pods');
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'InternalError',
      code: 500,
    });
  });

  it('hangs: accepts the request and never answers', async () => {
    dev.setHang(true);
    const answer = await get('/api/v1/pods', 800);
    expect(answer.status).toBeUndefined();
    expect(answer.error).toBe('client timeout');
  });

  it('counts the requests still open: a hung one until its client lets go', async () => {
    const settled = async () => {
      // The server hears of a closed connection a moment after the client.
      for (let i = 0; i < 50 && dev.openRequests() > 0; i++)
        await new Promise(r => setTimeout(r, 20));
      return dev.openRequests();
    };
    expect(await settled()).toBe(0);
    dev.setHang(true);
    const hung = get('/api/v1/pods', 1500);
    await new Promise(r => setTimeout(r, 300));
    expect(dev.openRequests()).toBe(1);
    await hung; // the client destroys its request at its timeout
    expect(await settled()).toBe(0);
    dev.setHang(false);
    await get('/api/v1/pods');
    expect(await settled()).toBe(0);
  });

  it('drips: headers at once, the body at the given rate', async () => {
    dev.setFaults({ dripBytesPerSecond: 2000 });
    const answer = await get('/apis'); // a few kilobytes
    expect(answer.status).toBe(200);
    const size = Buffer.byteLength(answer.body);
    expect(size).toBeGreaterThan(100);
    expect(answer.headersMs!).toBeLessThan(500);
    // At 2,000 bytes per second the body takes about size/2000 s.
    expect(answer.totalMs).toBeGreaterThanOrEqual((size / 2000) * 1000 * 0.8);
    expect(JSON.parse(answer.body).kind).toBe('APIGroupList');
  });

  it('resets: drops the connection after the given number of body bytes', async () => {
    dev.setFaults({ resetAfterBytes: 40 });
    const answer = await get('/apis');
    expect(answer.status).toBe(200);
    expect(answer.error).toBeDefined();
    expect(Buffer.byteLength(answer.body)).toBe(40);
  });

  it('answers oversized bodies that are still valid JSON', async () => {
    dev.setFaults({ oversizedBytes: 3 * 1024 * 1024 });
    const answer = await get('/api/v1/pods');
    expect(answer.status).toBe(200);
    expect(Buffer.byteLength(answer.body)).toBeGreaterThanOrEqual(
      3 * 1024 * 1024,
    );
    expect(JSON.parse(answer.body).kind).toBe('PodList');
  });

  it('refuses invalid faults with what to fix', () => {
    expect(() => dev.setFaults({ failureRate: 2 })).toThrow(
      'failureRate must be a number between 0 and 1',
    );
    expect(() => dev.setFaults({ latencyMs: -5 })).toThrow(/latencyMs/);
    expect(dev.faults()).toEqual(NO_FAULTS);
  });

  it('stops: connections refused and open watches end; starts again with the same state', async () => {
    const watch = get('/api/v1/pods?watch=true&timeoutSeconds=30');
    await new Promise(r => setTimeout(r, 300));
    await dev.stop();
    expect(dev.running).toBe(false);
    const cut = await watch;
    expect(cut.status).toBe(200);
    expect(cut.totalMs).toBeLessThan(5000);
    expect((await get('/api/v1/pods')).error).toBe('ECONNREFUSED');
    await dev.start();
    expect((await get('/api/v1/pods')).status).toBe(200);
  });
});
