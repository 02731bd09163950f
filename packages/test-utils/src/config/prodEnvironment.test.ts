import { ConfigReader } from '@backstage/config';
import { readEnvironments } from '@internal/backstage-plugin-eks-platform-node';
import { PROD_ENVIRONMENT_CONFIG } from './prodEnvironment';

describe('PROD_ENVIRONMENT_CONFIG', () => {
  it('is one environment the platform reads as the backend does at start-up', () => {
    const environments = readEnvironments(
      new ConfigReader({ eksPlatform: PROD_ENVIRONMENT_CONFIG }),
    );
    expect(environments).toEqual([
      expect.objectContaining({
        name: 'prod',
        cluster: 'prod',
        argocd: { instance: 'main', destinationServer: 'https://prod.example' },
        promotion: 'pull-request',
      }),
    ]);
  });
});
