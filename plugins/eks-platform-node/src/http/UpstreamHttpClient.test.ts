import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { UpstreamHttpClient } from './UpstreamHttpClient';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BASE = 'http://127.0.0.1:9/v1';

function client(delays: number[] = [], timeoutMs = 200) {
  return new UpstreamHttpClient({
    upstream: 'Vault',
    baseUrl: BASE,
    headers: () => ({ 'X-Vault-Token': 'hvs.secret-token-abcdefghijklmnopq' }),
    knownSecrets: () => ['hvs.secret-token-abcdefghijklmnopq'],
    timeoutMs,
    retry: {
      attempts: 3,
      baseDelayMs: 1,
      maxDelayMs: 10_000,
      sleep: async ms => {
        delays.push(ms);
      },
    },
  });
}

describe('UpstreamHttpClient', () => {
  it('honours an HTTP-date Retry-After on 429', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/sys/health`, () => {
        calls += 1;
        return calls === 1
          ? new HttpResponse(JSON.stringify({ errors: ['rate limited'] }), {
              status: 429,
              headers: {
                'Retry-After': new Date(Date.now() + 2000).toUTCString(),
              },
            })
          : HttpResponse.json({ ok: true });
      }),
    );
    const delays: number[] = [];
    const res = await client(delays).request({
      operation: 'check health',
      method: 'GET',
      path: '/sys/health',
    });
    expect(res.body).toEqual({ ok: true });
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(500);
    expect(delays[0]).toBeLessThanOrEqual(2000);
  });

  it('uses a non-JSON error body as the upstream message and redacts an echoed token', async () => {
    server.use(
      http.put(
        `${BASE}/sys/policies/acl/x`,
        () =>
          new HttpResponse(
            'denied for X-Vault-Token: hvs.secret-token-abcdefghijklmnopq',
            { status: 403 },
          ),
      ),
    );
    const error = await client()
      .request({
        operation: 'write policy "x"',
        method: 'PUT',
        path: '/sys/policies/acl/x',
        body: {},
      })
      .catch(e => e);
    expect(error.message).toContain(
      'Vault failed to write policy "x" (HTTP 403): denied for',
    );
    expect(error.message).not.toContain('hvs.secret-token');
  });

  it('returns accepted statuses instead of throwing', async () => {
    server.use(
      http.get(`${BASE}/secret/metadata/a`, () =>
        HttpResponse.json({ errors: [] }, { status: 404 }),
      ),
    );
    const res = await client().request({
      operation: 'read',
      method: 'GET',
      path: '/secret/metadata/a',
      accept: [404],
    });
    expect(res.status).toBe(404);
  });

  it('retries a dropped connection (network error) and then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/sys/health`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.error()
          : HttpResponse.json({ ok: true });
      }),
    );
    const delays: number[] = [];
    await client(delays).request({
      operation: 'check health',
      method: 'GET',
      path: '/sys/health',
    });
    expect(calls).toBe(2);
    expect(delays).toHaveLength(1);
  });

  it('does not retry 4xx validation errors', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/auth/kubernetes/role/x`, () => {
        calls += 1;
        return HttpResponse.json({ errors: ['invalid ttl'] }, { status: 400 });
      }),
    );
    const error = await client()
      .request({
        operation: 'write role "x"',
        method: 'POST',
        path: '/auth/kubernetes/role/x',
        body: {},
      })
      .catch(e => e);
    expect(calls).toBe(1);
    expect(error.message).toContain('(HTTP 400): invalid ttl');
  });
});
