import { InputError, NotAllowedError } from '@backstage/errors';
import {
  checkDatabaseConnection,
  checkEcrPullAccounts,
  checkEcrRegistryHost,
  checkGithubOrganization,
  checkKvPathInPrefix,
  checkNamespaceNotReserved,
  checkTeamNamespace,
  checkVaultName,
  databaseRoleStatements,
  ecrRegistryHost,
} from './tenancyChecks';

const reservedVault = ['default', 'root', 'admin'];
const reservedNs = ['default', 'kube-system', 'argocd', 'vault'];

describe('checkVaultName', () => {
  it.each(['default', 'root', 'ROOT', 'admin'])('refuses reserved %s', name => {
    expect(() => checkVaultName('policyName', name, reservedVault)).toThrow(
      name === 'ROOT' ? InputError : NotAllowedError,
    );
  });

  it('accepts a service name and names the config key when refusing', () => {
    expect(checkVaultName('roleName', 'payments-api', reservedVault)).toBe(
      'payments-api',
    );
    expect(() => checkVaultName('roleName', 'root', reservedVault)).toThrow(
      /eksPlatform.tenancy.reservedVaultNames/,
    );
  });
});

describe('checkKvPathInPrefix', () => {
  it.each(['payments', 'payments/config', 'payments/a/b'])(
    'accepts %s inside the service prefix',
    path => {
      expect(checkKvPathInPrefix('secretPaths[0]', path, 'payments')).toBe(
        path,
      );
    },
  );

  it.each([
    ['orders/config', NotAllowedError],
    ['payments-v2/config', NotAllowedError],
    ['paymentsx', NotAllowedError],
    ['payments/../orders', InputError],
    ['payments/*', InputError],
    ['/payments', InputError],
  ])('refuses %s', (path, type) => {
    expect(() =>
      checkKvPathInPrefix('secretPaths[0]', path, 'payments'),
    ).toThrow(type);
  });
});

describe('namespaces', () => {
  it.each(['kube-system', 'kube-anything', 'default', 'argocd', 'vault'])(
    'refuses system and platform namespace %s',
    ns => {
      expect(() =>
        checkNamespaceNotReserved('namespace', ns, reservedNs),
      ).toThrow(NotAllowedError);
    },
  );

  it('refuses a namespace of another team and lists the team’s own', () => {
    expect(() =>
      checkTeamNamespace('namespace', 'orders', ['checkout'], reservedNs),
    ).toThrow(
      'Invalid input "namespace": "orders" is not a namespace of the owning team; use "checkout"',
    );
    expect(
      checkTeamNamespace('namespace', 'checkout', ['checkout'], reservedNs),
    ).toBe('checkout');
  });

  it('never lets team config open a reserved namespace', () => {
    expect(() =>
      checkTeamNamespace(
        'namespace',
        'kube-system',
        ['kube-system'],
        reservedNs,
      ),
    ).toThrow(/system or platform namespace/);
  });

  it('refuses malformed names as input errors', () => {
    expect(() =>
      checkNamespaceNotReserved('namespace', 'Team_A', reservedNs),
    ).toThrow(InputError);
  });
});

describe('ECR', () => {
  it('grants cross-account pull only to configured accounts', () => {
    expect(
      checkEcrPullAccounts(
        'pullAccountIds',
        ['210987654321'],
        ['210987654321'],
      ),
    ).toEqual(['210987654321']);
    expect(() =>
      checkEcrPullAccounts(
        'pullAccountIds',
        ['999999999999'],
        ['210987654321'],
      ),
    ).toThrow(
      'Invalid input "pullAccountIds[0]": "999999999999" may not pull images; accounts allowed: "210987654321" (eksPlatform.tenancy.ecrPullAccounts).',
    );
    expect(() => checkEcrPullAccounts('pullAccountIds', ['12'], [])).toThrow(
      InputError,
    );
  });

  it('knows the registry host of an account and region', () => {
    expect(ecrRegistryHost('123456789012', 'eu-west-1')).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    );
    expect(ecrRegistryHost('123456789012', 'cn-north-1')).toBe(
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
    );
  });

  it.each([
    '999999999999.dkr.ecr.eu-west-1.amazonaws.com',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    'registry.evil.io',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.io',
  ])('refuses registry host %s', host => {
    expect(() =>
      checkEcrRegistryHost('ecrRegistry', host, {
        accountId: '123456789012',
        region: 'eu-west-1',
      }),
    ).toThrow(NotAllowedError);
  });

  it('accepts the configured registry host in any case', () => {
    expect(
      checkEcrRegistryHost(
        'ecrRegistry',
        '123456789012.DKR.ecr.eu-west-1.amazonaws.com',
        { accountId: '123456789012', region: 'eu-west-1' },
      ),
    ).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com');
  });
});

describe('checkGithubOrganization', () => {
  const gitops = { owner: 'platform', repo: 'gitops' };

  it('allows repositories in configured organisations, and the GitOps repository', () => {
    expect(() =>
      checkGithubOrganization('repoUrl', { owner: 'ACME', repo: 'cart' }, [
        'acme',
      ]),
    ).not.toThrow();
    expect(() =>
      checkGithubOrganization('gitopsRepoUrl', gitops, ['acme'], gitops),
    ).not.toThrow();
  });

  it('refuses any other organisation, also the GitOps owner’s other repositories', () => {
    expect(() =>
      checkGithubOrganization('repoUrl', { owner: 'evil', repo: 'cart' }, [
        'acme',
      ]),
    ).toThrow(
      'Invalid input "repoUrl": "evil/cart" is not in an organisation the platform manages; use "acme" (eksPlatform.tenancy.githubOrganizations).',
    );
    expect(() =>
      checkGithubOrganization(
        'repoUrl',
        { owner: 'platform', repo: 'infra' },
        ['acme'],
        gitops,
      ),
    ).toThrow(NotAllowedError);
  });
});

describe('database roles', () => {
  const templates = { readwrite: ['CREATE ROLE "{{name}}";'] };

  it('only through the team’s connections', () => {
    expect(checkDatabaseConnection('dbName', 'orders-db', ['orders-db'])).toBe(
      'orders-db',
    );
    expect(() =>
      checkDatabaseConnection('dbName', 'billing-db', ['orders-db']),
    ).toThrow(/not a database connection of the owning team; use "orders-db"/);
  });

  it('only with platform-defined statements', () => {
    expect(
      databaseRoleStatements('databaseRole.template', 'readwrite', templates),
    ).toEqual(['CREATE ROLE "{{name}}";']);
    for (const name of ['superuser', 'constructor', '__proto__', 'toString']) {
      expect(() =>
        databaseRoleStatements('databaseRole.template', name, templates),
      ).toThrow(NotAllowedError);
    }
  });
});
