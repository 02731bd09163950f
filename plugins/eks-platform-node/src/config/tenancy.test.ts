import { ConfigReader } from '@backstage/config';
import { readTenancyConfig } from './tenancy';

const read = (tenancy: object, extra: object = {}) =>
  readTenancyConfig(new ConfigReader({ eksPlatform: { tenancy }, ...extra }));

describe('readTenancyConfig', () => {
  it('fails closed without config: nothing allowed, the built-in names reserved', () => {
    expect(readTenancyConfig(new ConfigReader({}))).toEqual({
      githubOrganizations: [],
      reservedNamespaces: [
        'default',
        'kube-system',
        'kube-public',
        'kube-node-lease',
      ],
      reservedVaultNames: ['default', 'root'],
      chartRepositoryHosts: [],
      ecrPullAccounts: [],
      allowLoopback: false,
      teams: [],
    });
  });

  it('adds configured names to the built-in ones and normalises case', () => {
    const tenancy = read({
      githubOrganizations: ['Acme'],
      reservedNamespaces: ['argocd', 'vault', 'default'],
      reservedVaultNames: ['Admin'],
      chartRepositoryHosts: ['GitHub.com', '127.0.0.1:7130'],
      ecrPullAccounts: ['210987654321'],
      teams: [
        {
          group: 'group:default/checkout',
          namespaces: ['checkout'],
          argocdProject: 'checkout',
          vaultDatabaseConnections: ['orders-db'],
        },
        { group: 'payments' },
      ],
    });
    expect(tenancy.githubOrganizations).toEqual(['acme']);
    expect(tenancy.reservedNamespaces).toEqual([
      'default',
      'kube-system',
      'kube-public',
      'kube-node-lease',
      'argocd',
      'vault',
    ]);
    expect(tenancy.reservedVaultNames).toEqual(['default', 'root', 'admin']);
    expect(tenancy.chartRepositoryHosts).toEqual([
      'github.com',
      '127.0.0.1:7130',
    ]);
    expect(tenancy.teams).toEqual([
      {
        group: 'group:default/checkout',
        namespaces: ['checkout'],
        argocdProject: 'checkout',
        vaultDatabaseConnections: ['orders-db'],
      },
      {
        group: 'group:default/payments',
        namespaces: undefined,
        argocdProject: undefined,
        vaultDatabaseConnections: [],
      },
    ]);
  });

  it.each([
    [
      { githubOrganizations: ['acme corp'] },
      'eksPlatform.tenancy.githubOrganizations[0] must be a GitHub organisation name, got "acme corp"',
    ],
    [
      { chartRepositoryHosts: ['https://github.com/acme'] },
      'eksPlatform.tenancy.chartRepositoryHosts[0] must be a host name, optionally with ":port" (no scheme, no path)',
    ],
    [
      { ecrPullAccounts: ['2109876'] },
      'eksPlatform.tenancy.ecrPullAccounts[0] must be a 12-digit AWS account ID',
    ],
    [
      { reservedNamespaces: ['Kube_System'] },
      'eksPlatform.tenancy.reservedNamespaces[0] must be a Kubernetes namespace name',
    ],
    [
      { teams: [{ group: 'user:default/jdoe' }] },
      'eksPlatform.tenancy.teams[0].group must be a group entity ref',
    ],
    [
      { teams: [{ group: 'a' }, { group: 'group:default/a' }] },
      'eksPlatform.tenancy.teams[1].group lists group:default/a a second time',
    ],
    [
      { teams: [{ group: 'a', namespaces: ['kube system'] }] },
      'eksPlatform.tenancy.teams[0].namespaces[0] must be a Kubernetes namespace name',
    ],
    [
      { teams: [{ group: 'a', vaultDatabaseConnections: ['../x'] }] },
      'eksPlatform.tenancy.teams[0].vaultDatabaseConnections[0] must be a Vault database connection name',
    ],
  ])('refuses %j with the key to fix', (tenancy, message) => {
    expect(() => read(tenancy)).toThrow(message);
  });

  it('allows loopback only outside production sign-in', () => {
    expect(read({ allowLoopback: true }).allowLoopback).toBe(true);
    expect(() =>
      read({ allowLoopback: true }, { auth: { environment: 'production' } }),
    ).toThrow(
      'eksPlatform.tenancy.allowLoopback is for the local sandbox only; it must not be true when auth.environment is production',
    );
  });
});
