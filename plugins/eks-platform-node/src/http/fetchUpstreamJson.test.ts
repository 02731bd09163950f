import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { describeUpstreamFailure } from '../errors/describeUpstreamFailure';
import { fetchUpstreamJson } from './fetchUpstreamJson';

/* A real HTTP server on loopback, answering whatever each test asks. */
describe('fetchUpstreamJson', () => {
  let server: Server;
  let base: string;
  let handle: (req: IncomingMessage, res: ServerResponse) => void;
  const seen: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      handle(req, res);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  beforeEach(() => {
    seen.length = 0;
  });

  const json =
    (status: number, body: unknown) => (_: any, res: ServerResponse) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };

  it('sends the bearer token and the query, and returns the JSON body', async () => {
    handle = json(200, { items: [1] });
    const body = await fetchUpstreamJson<{ items: number[] }>({
      upstream: 'argocd/main',
      baseUrl: `${base}/`,
      path: '/api/v1/applications',
      query: { selector: 'a=b', fields: ['x', 'y'], skip: undefined },
      token: 'argocd-token-value',
      timeoutMs: 1000,
    });
    expect(body).toEqual({ items: [1] });
    expect(seen[0].url).toBe(
      '/api/v1/applications?selector=a%3Db&fields=x&fields=y',
    );
    expect(seen[0].headers.authorization).toBe('Bearer argocd-token-value');
  });

  it('turns credentials in the base URL into Basic auth, not a request-line secret', async () => {
    handle = json(200, { ok: true });
    await fetchUpstreamJson({
      upstream: 'alertmanager/main',
      baseUrl: base.replace('http://', 'http://am:s3cret@'),
      path: '/api/v2/alerts',
      timeoutMs: 1000,
    });
    expect(seen[0].headers.authorization).toBe(
      `Basic ${Buffer.from('am:s3cret').toString('base64')}`,
    );
    expect(seen[0].url).toBe('/api/v2/alerts');
  });

  it('tries once, and its failure reads as a short, safe text', async () => {
    handle = json(503, { error: 'internal detail at /srv/secret/path' });
    const error = await fetchUpstreamJson({
      upstream: 'alertmanager/main',
      baseUrl: base,
      path: '/api/v2/alerts',
      timeoutMs: 1000,
    }).catch(e => e);
    expect(seen).toHaveLength(1);
    expect(describeUpstreamFailure(error)).toBe('HTTP 503');
  });

  it('ends at the deadline when the upstream never answers', async () => {
    handle = () => {};
    const started = Date.now();
    const error = await fetchUpstreamJson({
      upstream: 'jaeger',
      baseUrl: base,
      path: '/api/services',
      timeoutMs: 200,
    }).catch(e => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(describeUpstreamFailure(error)).toBe('no response within 200 ms');
  });

  it('refuses an answer that is not JSON', async () => {
    handle = (_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    };
    const error = await fetchUpstreamJson({
      upstream: 'prometheus',
      baseUrl: base,
      path: '/api/v1/query',
      timeoutMs: 1000,
    }).catch(e => e);
    expect(describeUpstreamFailure(error)).toBe(
      'answered with something that is not JSON',
    );
  });
});
