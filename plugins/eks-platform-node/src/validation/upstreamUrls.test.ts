import { InputError, NotAllowedError } from '@backstage/errors';
import {
  checkResolvedHost,
  checkUpstreamHost,
  checkUpstreamUrl,
  internalHostReason,
} from './upstreamUrls';

const strict = { allowLoopback: false };
const sandbox = { allowLoopback: true };

describe('checkUpstreamUrl', () => {
  it('accepts an ordinary https URL on the allow-list', () => {
    expect(
      checkUpstreamUrl('chartRepoUrl', 'https://github.com/acme/cart.git', {
        ...strict,
        allowedHosts: ['github.com'],
      }).hostname,
    ).toBe('github.com');
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://0xa9fea9fe/',
    'http://2852039166/',
    'http://metadata.google.internal/',
    'http://[fe80::1]/',
    'http://0.0.0.0:8080/',
    'http://127.0.0.1/',
    'http://[::1]/',
    'http://017700000001/',
    'http://localhost:7007/api',
  ])('refuses %s outside the sandbox profile', url => {
    expect(() => checkUpstreamUrl('url', url, strict)).toThrow(NotAllowedError);
  });

  it('accepts loopback in the sandbox profile, but never metadata or link-local', () => {
    expect(
      checkUpstreamUrl('url', 'http://127.0.0.1:7130/x', sandbox).port,
    ).toBe('7130');
    expect(() =>
      checkUpstreamUrl('url', 'http://169.254.169.254/', sandbox),
    ).toThrow(/cloud metadata endpoint/);
    expect(() => checkUpstreamUrl('url', 'http://[fe80::1]/', sandbox)).toThrow(
      /link-local/,
    );
    expect(() => checkUpstreamUrl('url', 'http://0.0.0.0/', sandbox)).toThrow(
      /unspecified/,
    );
  });

  it('explains the refusal and the fix', () => {
    expect(() =>
      checkUpstreamUrl('chartRepoUrl', 'http://169.254.169.254/', strict),
    ).toThrow(
      'Invalid input "chartRepoUrl": host "169.254.169.254" is a cloud metadata endpoint, which hands out credentials; the platform never sends requests there.',
    );
  });

  it('judges hosts of non-http schemes, which URL does not normalise', () => {
    expect(() =>
      checkUpstreamUrl('chartRepoUrl', 'oci://0x7f000001/charts', {
        ...strict,
        protocols: ['oci:'],
      }),
    ).toThrow(/loopback/);
  });

  it.each([
    ['not a url', /is not a URL/],
    ['file:///etc/passwd', /scheme "file:" is not accepted/],
    ['https://user:pw@github.com/x', /must not carry credentials/],
  ])('refuses %s with an InputError', (value, message) => {
    const attempt = () => checkUpstreamUrl('url', value, strict);
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(message);
  });

  it('checks the allow-list after the address', () => {
    expect(() =>
      checkUpstreamUrl('url', 'https://gitlab.com/x', {
        ...strict,
        allowedHosts: ['github.com'],
        allowedHostsKey: 'eksPlatform.tenancy.chartRepositoryHosts',
      }),
    ).toThrow(/eksPlatform.tenancy.chartRepositoryHosts/);
  });
});

describe('checkUpstreamHost', () => {
  it('judges bare hosts such as registry or destination hosts', () => {
    expect(checkUpstreamHost('h', 'dev.eks.example.com', strict)).toBe(
      'dev.eks.example.com',
    );
    expect(() => checkUpstreamHost('h', '127.0.0.1', strict)).toThrow(
      NotAllowedError,
    );
  });
});

describe('checkResolvedHost', () => {
  it('refuses a name whose DNS points at an internal address', async () => {
    const lookup = async () => [
      { address: '203.0.113.7' },
      { address: '169.254.169.254' },
    ];
    await expect(
      checkResolvedHost('url', 'charts.example.com', strict, lookup),
    ).rejects.toThrow(
      'host "charts.example.com" resolves to 169.254.169.254, which is a cloud metadata endpoint',
    );
  });

  it('resolves localhost through the system resolver', async () => {
    await expect(checkResolvedHost('url', 'localhost', strict)).rejects.toThrow(
      NotAllowedError,
    );
    const addresses = await checkResolvedHost('url', 'localhost', sandbox);
    expect(addresses.length).toBeGreaterThan(0);
  });

  it('passes a name that resolves to ordinary addresses', async () => {
    const lookup = async () => [{ address: '203.0.113.7' }];
    await expect(
      checkResolvedHost('url', 'charts.example.com', strict, lookup),
    ).resolves.toEqual(['203.0.113.7']);
  });
});

describe('internalHostReason', () => {
  it('says why a host from config is internal, with the same classes as checkUpstreamHost', () => {
    expect(internalHostReason('169.254.169.254', strict)).toBe(
      'is a cloud metadata endpoint, which hands out credentials',
    );
    expect(internalHostReason('[fe80::1]', strict)).toBe(
      'is a link-local address, where cloud metadata endpoints live',
    );
    expect(internalHostReason('2130706433', strict)).toBe(
      'is a loopback address (this machine)',
    );
    expect(internalHostReason('127.0.0.1', { allowLoopback: true })).toBe(
      undefined,
    );
    expect(
      internalHostReason('b-1.bus.kafka.eu-west-1.amazonaws.com', strict),
    ).toBe(undefined);
  });
});
