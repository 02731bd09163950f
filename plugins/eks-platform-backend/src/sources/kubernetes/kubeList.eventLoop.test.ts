import { Worker } from 'node:worker_threads';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { TURN_BYTES } from './boundedGet';
import { createAuthStrategy, readClusters } from './clusters';
import { KubeConnection } from './kubeConnection';
import { listAll } from './kubeList';

/*
 * A cold start LISTs every kind of every cluster at once. A LIST page read
 * whole and parsed with one JSON.parse blocks the event loop for as long as
 * the parse takes; parsed as it streams, the work per event-loop turn is
 * bounded by TURN_BYTES. Served here by a loopback server with a pod list
 * the size of a big cluster's unpaged LIST, on its own thread so that only
 * the client's work is on the measured event loop.
 */
const SERVER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const body = Buffer.from(workerData.body);
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => process.exit(0)));
`;
const PODS = 3000;

function podList(): string {
  const items = Array.from({ length: PODS }, (_, i) => ({
    metadata: {
      name: `svc-${i % 1000}-7d9f8c6b5d-${i}`,
      namespace: `team-${i % 20}`,
      labels: { 'backstage.io/kubernetes-id': `svc-${i % 1000}` },
      // What makes real pods heavy: managedFields.
      managedFields: Array.from({ length: 4 }, (_field, j) => ({
        manager: `kube-controller-${j}`,
        operation: 'Update',
        fieldsV1: { [`f:spec${j}`]: { 'f:containers': 'x'.repeat(600) } },
      })),
    },
    spec: { nodeName: `ip-10-0-${i % 250}-1.eu-west-1.compute.internal` },
    status: { phase: 'Running' },
  }));
  return JSON.stringify({
    kind: 'PodList',
    apiVersion: 'v1',
    metadata: { resourceVersion: '4711' },
    items,
  });
}

describe('listAll on a big LIST page', () => {
  let server: Worker;
  let body: string;
  let connection: KubeConnection;

  beforeAll(async () => {
    body = podList();
    server = new Worker(SERVER, { eval: true, workerData: { body } });
    const port = await new Promise<number>(r => server.once('message', r));
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'big',
                url: `http://127.0.0.1:${port}`,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'token',
              },
            ],
          },
        ],
      },
    });
    const [cluster] = readClusters(config, mockServices.logger.mock());
    connection = new KubeConnection(cluster, createAuthStrategy(config));
  });

  afterAll(async () => {
    server.postMessage('close');
    await new Promise(r => server.once('exit', r));
  });

  it('never parses more than a slice of the page per event-loop turn', async () => {
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const itemsPerTurn = new Map<number, number>();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const list = await listAll(
      connection,
      '/api/v1/pods',
      undefined,
      {
        timeoutMs: 30_000,
        totalTimeoutMs: 30_000,
        maxBytes: 64 * 1024 * 1024,
        pageSize: 0,
      },
      item => {
        itemsPerTurn.set(turn, (itemsPerTurn.get(turn) ?? 0) + 1);
        delete item.metadata.managedFields;
      },
    );
    delay.disable();
    ticking = false;

    // The same body parsed whole, as before: one synchronous block.
    const parseStarted = performance.now();
    expect(JSON.parse(body).items).toHaveLength(PODS);
    const wholeParseMs = performance.now() - parseStarted;

    expect(list.items).toHaveLength(PODS);
    expect(list.metadata.resourceVersion).toBe('4711');
    expect(list.items[0].metadata.managedFields).toBeUndefined();
    const itemBytes = body.length / PODS;
    // A turn parses up to TURN_BYTES plus the chunk that crossed it (≤ 64 KB),
    // and finishes the item cut at the slice's start.
    const bound = Math.ceil((TURN_BYTES + 64 * 1024) / itemBytes) + 2;
    const most = Math.max(...itemsPerTurn.values());
    expect(itemsPerTurn.size).toBeGreaterThan(PODS / bound - 1);
    expect(most).toBeLessThanOrEqual(bound);

    const p99Ms = delay.percentile(99) / 1e6;
    // eslint-disable-next-line no-console
    console.log(
      `LIST of ${PODS} pods, ${(body.length / 1e6).toFixed(
        1,
      )} MB: whole JSON.parse ${wholeParseMs.toFixed(
        1,
      )} ms in one block; streamed over ${
        itemsPerTurn.size
      } turns, at most ${most} items a turn, event-loop delay p99 ${p99Ms.toFixed(
        1,
      )} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
    );
    // The delay figures are reported, not asserted: on a shared machine they
    // include other processes and GC; the per-turn bound above is what the
    // code guarantees. The benchmark measures the delay at a cold start.
  });
});
