import express from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { httpMetricsMiddleware, startMetricsServer } from './httpMetrics';

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the golden-path metrics of the portal', () => {
  it('counts requests by status code and serves them on the metrics port', async () => {
    const app = express();
    app.use(httpMetricsMiddleware());
    app.get('/ok', (_req, res) => {
      res.send('ok');
    });
    app.get('/broken', (_req, res) => {
      res.status(503).send('no');
    });
    const api = http.createServer(app);
    const metrics = await startMetricsServer(0, '127.0.0.1');
    try {
      const url = await listen(api);
      await fetch(`${url}/ok`);
      await fetch(`${url}/ok`);
      await fetch(`${url}/broken`);
      const port = (metrics.address() as AddressInfo).port;
      const text = await (
        await fetch(`http://127.0.0.1:${port}/metrics`)
      ).text();
      expect(text).toMatch(/http_requests_total\{method="GET",code="200"\} 2/);
      expect(text).toMatch(/http_requests_total\{method="GET",code="503"\} 1/);
      expect(text).toMatch(
        /http_request_duration_seconds_bucket\{le="0.5",method="GET",code="200"\} 2/,
      );
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      api.close();
      metrics.close();
    }
  });
});
