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
