import { ConfigReader } from '@backstage/config';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { exampleInput } from '../../__testUtils__/examples';
import { createTestContext } from '../../__testUtils__/testContext';
import {
  ALICE,
  TEAM_A,
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createServicePreflightAction } from './servicePreflight';
import { examples } from './servicePreflight.examples';

// The simulator keeps real git repositories.
jest.setTimeout(30_000);

describe('eks:service:preflight examples', () => {
  let github: GitHubSimulator;

  beforeAll(async () => {
    github = await startGitHubSimulator({ owners: ['acme'] });
    // A previous run of the same owner published the repository, then failed.
    await github.createRepository({
      owner: 'acme',
      name: 'checkout',
      files: {
        'catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: checkout\nspec:\n  type: service\n  owner: team-a\n  lifecycle: production\n',
      },
    });
  });
  afterAll(() => github.close());

  it('skips publishing the repository an earlier run of the same owner created (example 1)', async () => {
    // The example names github.com: the integration for that host is the simulator.
    const data = withPlatformTrust({
      integrations: {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: github.apiBaseUrl,
            token: github.token,
          },
        ],
      },
    });
    const action = createServicePreflightAction({
      config: new ConfigReader(data),
      ...testTrust(data),
    });
    const input = exampleInput(examples[0], 'eks:service:preflight', {
      parameters: { owner: TEAM_A },
    });
    const { ctx, outputs } = createTestContext(input, { user: ALICE });
    await action.handler(ctx);
    expect(outputs).toMatchObject({
      repoExists: true,
      needsPublish: false,
      entityRegistered: false,
    });
    expect(github.requestCounts.size).toBeGreaterThan(0);
  });
});
