import { ResponseError } from '@backstage/errors';
import { EksPlatformClient } from './EksPlatformClient';

function fetchApiReturning(status: number, body: unknown) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetchApi = {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init });
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
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
});
