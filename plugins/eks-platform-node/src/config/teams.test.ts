import { EnvironmentConfig } from './environments';
import { resolveTeam } from './teams';
import { TenancyConfig } from './tenancy';

const tenancy: TenancyConfig = {
  githubOrganizations: [],
  reservedNamespaces: [],
  reservedVaultNames: [],
  chartRepositoryHosts: [],
  ecrPullAccounts: [],
  allowLoopback: false,
  teams: [
    {
      group: 'group:default/checkout',
      namespaces: ['checkout', 'checkout-jobs'],
      argocdProject: 'shop',
      vaultDatabaseConnections: ['orders-db'],
    },
  ],
};

const env = (namespacePattern: string): EnvironmentConfig => ({
  name: 'dev',
  cluster: 'dev',
  argocd: { instance: 'main', destinationServer: 'https://dev' },
  namespacePattern,
  vault: { kubernetesAuthMount: 'kubernetes' },
  aws: { accountId: '123456789012', region: 'eu-west-1' },
  promotion: 'automatic',
});

describe('resolveTeam', () => {
  it('takes what config says about a team', () => {
    const team = resolveTeam(tenancy, 'group:default/checkout');
    expect(team).toMatchObject({
      name: 'checkout',
      argocdProject: 'shop',
      vaultDatabaseConnections: ['orders-db'],
    });
    expect(team.namespacesIn(env('{team}-{env}'))).toEqual([
      'checkout',
      'checkout-jobs',
    ]);
  });

  it('derives everything else from the group name', () => {
    const team = resolveTeam(tenancy, 'group:default/payments');
    expect(team).toMatchObject({
      name: 'payments',
      argocdProject: 'payments',
      vaultDatabaseConnections: [],
    });
    expect(team.namespacesIn(env('{team}-{env}'))).toEqual(['payments-dev']);
    expect(team.namespacesIn(env('{service}'), 'cart')).toEqual(['cart']);
    expect(team.namespacesIn(env('{service}'))).toEqual([]);
  });
});
