/*
 * The platform trust config the template is run with in these tests (the
 * same keys as app-config.yaml): the form's owner, group:default/payments,
 * with its namespace and database connection, and the test user
 * (mockCredentials.user(), user:default/mock) as a member of it. The eks:*
 * actions refuse anyone else.
 */

export const PAYMENTS_GROUP = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** The user behind mockCredentials.user(), a member of the payments team. */
export const PAYMENTS_MEMBER = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'mock', namespace: 'default' },
  spec: { memberOf: ['payments'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/payments' }],
};

/** eksPlatform.vault.databaseRoleTemplates: users pick a name, never SQL. */
export const DATABASE_ROLE_TEMPLATES = {
  readwrite: [
    "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
    'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{{name}}";',
  ],
};

/**
 * The eksPlatform trust keys (platformAdmins, tenancy, environments) to
 * spread into eksPlatform; `githubHost` is the GitHub the chart repository
 * allow-list names (the sandbox's, on whichever port it runs).
 */
export function platformTrustConfig(githubHost: string) {
  return {
    platformAdmins: ['group:default/platform'],
    tenancy: {
      allowLoopback: true,
      githubOrganizations: ['acme'],
      reservedNamespaces: ['argocd', 'vault', 'monitoring', 'platform'],
      reservedVaultNames: ['admin', 'backstage-registrar'],
      chartRepositoryHosts: [githubHost, 'github.com'],
      ecrPullAccounts: ['210987654321'],
      teams: [
        {
          group: 'group:default/payments',
          namespaces: ['payments'],
          vaultDatabaseConnections: ['payments-db'],
        },
      ],
    },
    environments: ['dev', 'stage', 'prod'].map(name => ({
      name,
      cluster: name,
      argocd: {
        instance: 'main',
        destinationServer: `https://${name}.eks.example.com`,
      },
      namespacePattern: '{team}',
      vault: { kubernetesAuthMount: 'kubernetes' },
      aws: { accountId: '123456789012', region: 'eu-west-1' },
      promotion: name === 'dev' ? 'automatic' : 'pull-request',
    })),
  };
}
