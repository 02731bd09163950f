/**
 * `eksPlatform` config of one `prod` environment on cluster `prod`, with an
 * Argo CD instance nobody answers on (its rules stay unknown): what the
 * scorecard needs to judge a service per environment in a test backend.
 * Spread it into `eksPlatform` and add the keys a test is about.
 */
export const PROD_ENVIRONMENT_CONFIG = {
  argocd: {
    instances: [{ name: 'main', url: 'http://127.0.0.1:9', token: 't' }],
  },
  environments: [
    {
      name: 'prod',
      cluster: 'prod',
      argocd: { instance: 'main', destinationServer: 'https://prod.example' },
      namespacePattern: '{team}',
      vault: { kubernetesAuthMount: 'kubernetes' },
      aws: { accountId: '123456789012', region: 'eu-west-1' },
      promotion: 'pull-request',
    },
  ],
};
