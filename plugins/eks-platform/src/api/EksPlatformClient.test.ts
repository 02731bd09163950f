import { ResponseError } from '@backstage/errors';
import { EksPlatformClient } from './EksPlatformClient';
import { parseRetryAfterMs, RateLimitedError } from './RateLimitedError';

function fetchApiReturning(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetchApi = {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init });
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json', ...headers },
      });
    },
  };
  return { fetchApi, calls };
}

describe('EksPlatformClient', () => {
  it('requests one entity by kind, namespace and name', async () => {
    const { fetchApi, calls } = fetchApiReturning(200, {
      entityRef: 'component:default/cart',
    });
    const client = new EksPlatformClient({ fetchApi });
    await expect(
      client.getEntityStatus('component:default/cart'),
    ).resolves.toEqual({
      entityRef: 'component:default/cart',
    });
    expect(calls[0].url).toBe(
      'plugin://eks-platform/v1/status/component/default/cart',
    );
  });

  it('reads where a service stands against its template, and undefined when it records none', async () => {
    const status = {
      templateRef: 'template:default/eks-service',
      currentVersion: '1.0.0',
      latestVersion: '1.2.0',
      behind: true,
    };
    const found = fetchApiReturning(200, status);
    await expect(
      new EksPlatformClient(found).getTemplateUpgrade('component:default/cart'),
    ).resolves.toEqual(status);
    expect(found.calls[0].url).toBe(
      'plugin://eks-platform/v1/template-upgrade/component/default/cart',
    );
    const none = fetchApiReturning(404, {
      error: { name: 'NotFoundError', message: 'records no template' },
    });
    await expect(
      new EksPlatformClient(none).getTemplateUpgrade('component:default/cart'),
    ).resolves.toBeUndefined();
    const failing = fetchApiReturning(500, {
      error: { name: 'Error', message: 'boom' },
    });
    await expect(
      new EksPlatformClient(failing).getTemplateUpgrade(
        'component:default/cart',
      ),
    ).rejects.toBeInstanceOf(ResponseError);
  });

  it("posts the upgrade preview and pull request for the entity, and keeps a refusal's cause", async () => {
    const ok = fetchApiReturning(200, { toVersion: '1.2.0' });
    const client = new EksPlatformClient(ok);
    await client.previewTemplateUpgrade('component:default/cart');
    await client.openTemplateUpgradePullRequest('component:default/cart', {
      targetVersion: '1.2.0',
    });
    expect(ok.calls.map(c => [c.url, c.init?.method, c.init?.body])).toEqual([
      [
        'plugin://eks-platform/v1/template-upgrade/component/default/cart/preview',
        'POST',
        '{}',
      ],
      [
        'plugin://eks-platform/v1/template-upgrade/component/default/cart/pull-request',
        'POST',
        '{"targetVersion":"1.2.0"}',
      ],
    ]);
    // The backend's error body, as its error handler writes it.
    const refused = fetchApiReturning(403, {
      error: { name: 'NotAllowedError', message: 'not a member' },
      request: { method: 'POST', url: '/v1/template-upgrade/…/preview' },
      response: { statusCode: 403 },
    });
    const error = await new EksPlatformClient(refused)
      .previewTemplateUpgrade('component:default/cart')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.cause).toMatchObject({
      name: 'NotAllowedError',
      message: 'not a member',
    });
  });

  it('asks for the summary view only when told to', async () => {
    const { fetchApi, calls } = fetchApiReturning(200, {
      entityRef: 'component:default/cart',
    });
    const client = new EksPlatformClient({ fetchApi });
    await client.getEntityStatus('component:default/cart', { view: 'summary' });
    await client.getEntityStatus('component:default/cart', { view: 'full' });
    expect(calls.map(c => c.url)).toEqual([
      'plugin://eks-platform/v1/status/component/default/cart?view=summary',
      'plugin://eks-platform/v1/status/component/default/cart',
    ]);
  });

  it('posts a batch query', async () => {
    const { fetchApi, calls } = fetchApiReturning(200, {
      items: [],
      errors: [],
    });
    const client = new EksPlatformClient({ fetchApi });
    await client.queryStatus({
      entityRefs: ['component:default/cart'],
      view: 'summary',
    });
    expect(calls[0].url).toBe('plugin://eks-platform/v1/status/query');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({
      entityRefs: ['component:default/cart'],
      view: 'summary',
    });
  });

  it('reads the scorecard routes: one entity, a batch, rollups by owner or system, the rules', async () => {
    const { fetchApi, calls } = fetchApiReturning(200, { items: [] });
    const client = new EksPlatformClient({ fetchApi });
    await client.getScorecard('component:team a/cart#1');
    await client.queryScorecards({ entityRefs: ['component:default/cart'] });
    await client.getScorecardRollups('owner');
    await client.getScorecardRollups('system');
    await client.listScorecardRules();
    expect(calls.map(c => [c.init?.method ?? 'GET', c.url])).toEqual([
      ['GET', 'plugin://eks-platform/v1/scorecard/component/team%20a/cart%231'],
      ['POST', 'plugin://eks-platform/v1/scorecard/query'],
      ['GET', 'plugin://eks-platform/v1/scorecard/teams?by=owner'],
      ['GET', 'plugin://eks-platform/v1/scorecard/teams?by=system'],
      ['GET', 'plugin://eks-platform/v1/scorecard/rules'],
    ]);
    expect(JSON.parse(String(calls[1].init?.body))).toEqual({
      entityRefs: ['component:default/cart'],
    });
  });

  it('throws a ResponseError carrying the backend error', async () => {
    const { fetchApi } = fetchApiReturning(403, {
      error: { name: 'NotAllowedError', message: 'not allowed' },
      response: { statusCode: 403 },
    });
    const client = new EksPlatformClient({ fetchApi });
    await expect(
      client.getEntityStatus('component:default/cart'),
    ).rejects.toBeInstanceOf(ResponseError);
  });

  it('turns a 429 into a RateLimitedError with the delay and the backend message', async () => {
    const { fetchApi } = fetchApiReturning(
      429,
      {
        error: {
          name: 'TooManyRequestsError',
          message:
            'Too many status reads: each caller may read 100 entity statuses per second',
        },
        response: { statusCode: 429 },
      },
      { 'Retry-After': '7' },
    );
    const client = new EksPlatformClient({ fetchApi });
    const error = await client
      .queryStatus({ entityRefs: ['component:default/cart'] })
      .catch(e => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterMs).toBe(7000);
    expect(error.message).toBe(
      'Too many status reads: each caller may read 100 entity statuses per second',
    );
    expect(error.response).toBeInstanceOf(ResponseError);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates, within bounds', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs('Sun, 22 Nov 2026 12:00:10 GMT', now)).toBe(
      10_000,
    );
    expect(parseRetryAfterMs('0', now)).toBe(1000);
    expect(parseRetryAfterMs('86400', now)).toBe(300_000);
    expect(parseRetryAfterMs(null, now)).toBe(30_000);
    expect(parseRetryAfterMs('soon', now)).toBe(30_000);
  });
});
