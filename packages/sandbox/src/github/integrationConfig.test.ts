import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { gitHubSimulatorIntegrations } from './integrationConfig';

describe('gitHubSimulatorIntegrations', () => {
  it('is the simulator as Backstage reads a GitHub integration', () => {
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: gitHubSimulatorIntegrations({
          host: '127.0.0.1:7130',
          apiBaseUrl: 'http://127.0.0.1:7130/api/v3',
          token: 'sandbox-github-token',
        }),
      }),
    );
    const github = integrations.github.byHost('127.0.0.1:7130');
    expect(github?.config).toMatchObject({
      apiBaseUrl: 'http://127.0.0.1:7130/api/v3',
      token: 'sandbox-github-token',
    });
  });
});
