/**
 * The platform's trust config (eksPlatform.platformAdmins, tenancy and
 * environments) for the scaffolder runs of the template, and the catalog
 * user the tasks run as (mockCredentials.user(), `user:default/mock`), a
 * member of the input sets' owning team: the eks:* actions check both.
 */
export function platformTrustConfig(githubHost: string) {
  return {
    platformAdmins: ['group:default/platform'],
    tenancy: {
      allowLoopback: true,
      githubOrganizations: ['acme'],
      reservedNamespaces: ['argocd', 'vault', 'monitoring', 'platform'],
      chartRepositoryHosts: [githubHost, 'github.com'],
      teams: [{ group: 'group:default/payments', namespaces: ['payments'] }],
    },
    environments: ['dev', 'stage', 'prod'].map(name => ({
      name,
      cluster: name,
      argocd: {
        instance: 'main',
        destinationServer: `https://${name}.eks.example.com`,
      },
      aws: { accountId: '123456789012', region: 'eu-west-1' },
      promotion: name === 'dev' ? 'automatic' : 'pull-request',
    })),
  };
}

export const TASK_USER = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'mock', namespace: 'default' },
  spec: { memberOf: ['payments'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/payments' }],
};

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
