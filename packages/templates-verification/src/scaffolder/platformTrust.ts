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
 * The event bus of every environment here (eksPlatform.environments[].kafka):
 * one in each, the same, so the input sets' expectations hold everywhere.
 */
export const PLATFORM_KAFKA = {
  clusterName: 'event-bus',
  bootstrapBrokers: [
    'b-1.eventbus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098',
    'b-2.eventbus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098',
  ],
  brokerCidrs: ['10.20.8.0/22', '10.20.12.0/22'],
};

/** The database behind payments' Vault connection (eksPlatform.databases[]). */
export const PLATFORM_DATABASE = {
  connection: 'payments-db',
  environments: Object.fromEntries(
    ['dev', 'stage', 'prod'].map((env, i) => [
      env,
      {
        host: `payments-${env}.abc123.eu-west-1.rds.amazonaws.com`,
        name: 'payments',
        caBundle: 'rds-global',
        cidrs: [`10.4${i}.0.0/24`],
      },
    ]),
  ),
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
      // The ALB's subnets: the NetworkPolicy admits exposed traffic from them.
      ingress: { className: 'alb', sourceRanges: ['10.0.0.0/16'] },
      vault: { kubernetesAuthMount: 'kubernetes' },
      aws: { accountId: '123456789012', region: 'eu-west-1' },
      promotion: name === 'dev' ? 'automatic' : 'pull-request',
      kafka: PLATFORM_KAFKA,
    })),
    databases: [PLATFORM_DATABASE],
  };
}

function peer(
  name: string,
  annotations: Record<string, string>,
  relations: Array<{ type: string; targetRef: string }> = [],
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name, ...annotations },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
    relations,
  };
}

/**
 * The catalog peers the input sets pick as allowed callers and
 * dependencies: checkout runs in its owner's namespace (payments),
 * storefront in the one it annotates (web), ledger-api is provided by
 * ledger.
 */
export const PEER_ENTITIES = [
  peer('checkout', {}),
  peer('storefront', { 'backstage.io/kubernetes-namespace': 'web' }),
  peer('ledger', {}, [
    { type: 'providesApi', targetRef: 'api:default/ledger-api' },
  ]),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'ledger-api', namespace: 'default' },
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner: 'payments',
      definition: 'openapi: 3.0.0',
    },
    relations: [
      { type: 'apiProvidedBy', targetRef: 'component:default/ledger' },
    ],
  },
];
