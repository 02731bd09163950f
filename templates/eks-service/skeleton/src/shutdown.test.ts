import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createLogger } from './logger';
import { shutdownGracefully } from './shutdown';

test('in-flight requests finish before the server closes and telemetry flushes last', async () => {
  const events: string[] = [];
  const server = createServer((_req, res) => {
    setTimeout(() => {
      events.push('request finished');
      res.end('done');
    }, 100);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const inFlight = fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
  await new Promise((resolve) => setTimeout(resolve, 20));

  const code = await shutdownGracefully({
    server,
    logger: createLogger('orders', 'error', () => {}),
    drainMs: 10,
    timeoutMs: 2000,
    markNotReady: () => events.push('not ready'),
    onClosed: async () => {
      events.push('flushed');
    },
  });
  assert.equal(await inFlight, 'done');
  assert.equal(code, 0);
  assert.deepEqual(events, ['not ready', 'request finished', 'flushed']);
  assert.equal(server.listening, false);
});

test('a request that outlives the timeout is cut and the exit code says so', async () => {
  const server = createServer(() => {
    // never answers
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const hanging = fetch(`http://127.0.0.1:${port}/`).catch(() => 'cut');
  await new Promise((resolve) => setTimeout(resolve, 20));
  const code = await shutdownGracefully({
    server,
    logger: createLogger('orders', 'error', () => {}),
    drainMs: 0,
    timeoutMs: 50,
    markNotReady: () => {},
    onClosed: async () => {},
  });
  assert.equal(code, 1);
  assert.equal(await hanging, 'cut');
});
