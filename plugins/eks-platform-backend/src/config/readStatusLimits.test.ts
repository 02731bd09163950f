/* eslint-disable no-script-url -- hostile javascript: URLs are the input under test */
import { ConfigReader } from '@backstage/config';
import { DEFAULT_STATUS_LIMITS, readStatusLimits } from './readStatusLimits';
import { readPlatformConfig } from './readPlatformConfig';

const limits = (status: object) =>
  readStatusLimits(new ConfigReader({ eksPlatform: { status } }));

describe('readStatusLimits', () => {
  it('fills in every default', () => {
    expect(readStatusLimits(new ConfigReader({}))).toEqual(
      DEFAULT_STATUS_LIMITS,
    );
    expect(DEFAULT_STATUS_LIMITS).toEqual({
      kubernetes: {
        listTimeoutMs: 10_000,
        listTotalTimeoutMs: 60_000,
        maxResponseBytes: 32 * 1024 * 1024,
        listPageSize: 500,
        customSelectors: { idleMs: 900_000, maxPerOwner: 10, maxTotal: 100 },
      },
      query: { maxEntities: 500, maxFullEntities: 50 },
      rateLimit: { entitiesPerSecond: 100, burst: 2000 },
      accessCache: { ttlMs: 5000, maxEntries: 5000 },
    });
  });

  it('reads every key, in the units the keys name', () => {
    expect(
      limits({
        kubernetes: {
          listTimeoutMs: 5000,
          listTotalTimeoutMs: 30_000,
          maxResponseMB: 0.5,
          listPageSize: 0,
          customSelectors: { idleMinutes: 2, maxPerOwner: 3, maxTotal: 4 },
        },
        query: { maxEntities: 100, maxFullEntities: 10 },
        rateLimit: { entitiesPerSecond: 2.5, burst: 100 },
        accessCache: { ttlSeconds: 0.5, maxEntries: 10 },
      }),
    ).toEqual({
      kubernetes: {
        listTimeoutMs: 5000,
        listTotalTimeoutMs: 30_000,
        maxResponseBytes: 512 * 1024,
        listPageSize: 0,
        customSelectors: { idleMs: 120_000, maxPerOwner: 3, maxTotal: 4 },
      },
      query: { maxEntities: 100, maxFullEntities: 10 },
      rateLimit: { entitiesPerSecond: 2.5, burst: 100 },
      accessCache: { ttlMs: 500, maxEntries: 10 },
    });
  });

  it.each([
    [
      { kubernetes: { maxResponseMB: 0 } },
      /maxResponseMB must be a number of at least/,
    ],
    [
      { kubernetes: { listTimeoutMs: 20_000, listTotalTimeoutMs: 10_000 } },
      /listTotalTimeoutMs \(10000\) must be at least kubernetes\.listTimeoutMs \(20000\)/,
    ],
    [
      { kubernetes: { listPageSize: -1 } },
      /listPageSize must be a number of at least 0/,
    ],
    [
      { kubernetes: { listPageSize: 2.5 } },
      /listPageSize must be a whole number/,
    ],
    [
      { kubernetes: { customSelectors: { maxPerOwner: 0 } } },
      /maxPerOwner must be a number of at least 1/,
    ],
    [
      { query: { maxEntities: 0 } },
      /query\.maxEntities must be a number of at least 1/,
    ],
    [{ rateLimit: { entitiesPerSecond: 0 } }, /entitiesPerSecond/],
    [
      { accessCache: { ttlSeconds: -1 } },
      /accessCache\.ttlSeconds must be a number of at least 0/,
    ],
    [
      { accessCache: { maxEntries: 0 } },
      /accessCache\.maxEntries must be a number of at least 1/,
    ],
    [
      { query: { maxEntities: 600 }, rateLimit: { burst: 500 } },
      /rateLimit\.burst \(500\) must be at least the largest query a caller may send.*600/,
    ],
  ])('refuses %j naming the key', (status, message) => {
    expect(() => limits(status)).toThrow(message);
  });

  it('is part of the platform config, with the namespace policy', () => {
    const config = readPlatformConfig(
      new ConfigReader({
        eksPlatform: {
          tenancy: {
            reservedNamespaces: ['monitoring'],
            teams: [{ group: 'group:default/a', namespaces: ['a'] }],
          },
          status: { rateLimit: { burst: 3000 } },
        },
      }),
    );
    expect(config.limits.rateLimit.burst).toBe(3000);
    expect(config.namespaces.tenancy.reservedNamespaces).toContain(
      'monitoring',
    );
    expect(config.namespaces.tenancy.teams[0].namespaces).toEqual(['a']);
    expect(config.namespaces.environments).toEqual([]);
  });

  it('refuses UI base URLs that would become non-http links', () => {
    expect(() =>
      readPlatformConfig(
        new ConfigReader({
          eksPlatform: {
            alertmanager: {
              instances: [
                {
                  name: 'm',
                  url: 'http://am:9093',
                  uiUrl: 'javascript:alert(1)',
                },
              ],
            },
          },
        }),
      ),
    ).toThrow(
      /eksPlatform\.alertmanager\.instances\[\]\.uiUrl must be an http\(s\) URL/,
    );
  });
});
