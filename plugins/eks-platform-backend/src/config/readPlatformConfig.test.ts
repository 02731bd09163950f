import { ConfigReader } from '@backstage/config';
import { readPlatformConfig } from './readPlatformConfig';

describe('readPlatformConfig', () => {
  it('reads instances, traces and deadlines with defaults', () => {
    const c = readPlatformConfig(
      new ConfigReader({
        eksPlatform: {
          argocd: {
            instances: [
              { name: 'main', url: 'https://argocd.example.com/', token: 't' },
            ],
          },
          alertmanager: { instances: [{ name: 'eu', url: 'http://am:9093' }] },
          traces: {
            source: 'prometheus',
            prometheus: { url: 'http://prom:9090' },
          },
          status: { deadlineMs: { alerts: 700 } },
        },
      }),
    );
    expect(c.argocds).toEqual([
      {
        name: 'main',
        url: 'https://argocd.example.com',
        token: 't',
        uiUrl: 'https://argocd.example.com',
        namespace: 'argocd',
      },
    ]);
    expect(c.alertmanagers[0].name).toBe('eu');
    expect(c.traces).toMatchObject({ source: 'prometheus', windowMinutes: 5 });
    expect(c.deadlineMs).toEqual({
      kubernetes: 2000,
      alerts: 700,
      traces: 1500,
      argocd: 1500,
    });
    expect(c.refreshSeconds).toEqual({ alerts: 15, traces: 30, argocd: 15 });
  });

  it('works with no eksPlatform block at all', () => {
    expect(readPlatformConfig(new ConfigReader({}))).toMatchObject({
      argocds: [],
      alertmanagers: [],
      traces: undefined,
    });
  });

  it.each([
    [
      { alertmanager: { instances: [{ name: 'a', url: 'ftp://x' }] } },
      /alertmanager.instances\[\]\.url must be an http\(s\) URL/,
    ],
    [
      {
        alertmanager: {
          instances: [
            { name: 'a', url: 'http://x' },
            { name: 'a', url: 'http://y' },
          ],
        },
      },
      /two instances named 'a'/,
    ],
    [
      { traces: { source: 'zipkin' } },
      /traces.source must be 'jaeger' or 'prometheus'/,
    ],
    [{ traces: { source: 'jaeger' } }, /jaeger.url is missing/],
    [
      { status: { deadlineMs: { kubernetes: -1 } } },
      /deadlineMs.kubernetes must be a positive number/,
    ],
  ])('rejects %j with the key to fix', (eksPlatform, message) => {
    expect(() => readPlatformConfig(new ConfigReader({ eksPlatform }))).toThrow(
      message,
    );
  });
});
