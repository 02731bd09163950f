import { ConfigReader } from '@backstage/config';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { exampleInput } from '../../__testUtils__/examples';
import { registeredTool } from '../../__testUtils__/registryTools';
import { githubRepoConfigureTool } from '../../registryActions/eksWriteTools';
import {
  DANA,
  EXAMPLE_ENTITIES,
  PAYMENTS,
  withExampleTrust,
} from '../../__testUtils__/exampleTrust';
import {
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import { testTrust } from '../../__testUtils__/trust';
import { createGithubRepoSettingsAction } from './githubRepoSettings';
import { examples } from './githubRepoSettings.examples';

// The simulator starts real git processes for its repositories.
jest.setTimeout(30_000);

const ACTION_ID = 'eks:github:repo:configure';

describe('eks:github:repo:configure examples', () => {
  let gh: GitHubSimulator;

  beforeEach(async () => {
    gh = await startGitHubSimulator({
      users: ['jdoe'],
      teams: ['acme/platform'],
      // The repository publish:github just created, with the form's owner.
      repositories: [
        {
          owner: 'acme',
          name: 'orders-api',
          files: {
            'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders-api
spec:
  type: service
  owner: ${PAYMENTS}
  lifecycle: experimental
`,
          },
        },
      ],
    });
  });
  afterEach(() => gh.close());

  it('sets the pipeline variables and dev/stage/prod environments, prod reviewed and from main only (example 1)', async () => {
    const data = withExampleTrust({
      integrations: {
        github: [{ host: gh.host, apiBaseUrl: gh.apiBaseUrl, token: gh.token }],
      },
      eksPlatform: { ecr: { accountId: '123456789012', region: 'eu-west-1' } },
    });
    const action = createGithubRepoSettingsAction({
      config: new ConfigReader(data),
      auditor: createRecordingAuditor().auditor,
      callPolicy: testCallPolicy({}, 10_000).policy,
      ...testTrust(data, EXAMPLE_ENTITIES),
    });
    const input = exampleInput(examples[0], ACTION_ID, {
      parameters: {
        name: 'orders-api',
        owner: PAYMENTS,
        repoUrl: `${gh.host}?owner=acme&repo=orders-api`,
      },
      steps: { ecr: { output: { registryId: '123456789012' } } },
    });
    const { ctx, outputs } = createTestContext(input, { user: DANA });
    await action.handler(ctx);

    const repo = gh.repos().find(r => r.name === 'orders-api')!;
    expect(repo.variables).toMatchObject({
      ECR_REGISTRY: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      ECR_REPOSITORY: 'orders-api',
    });
    expect(repo.environments.map(e => e.name).sort()).toEqual([
      'dev',
      'prod',
      'stage',
    ]);
    expect(repo.environments.find(e => e.name === 'prod')).toMatchObject({
      variables: { KUBE_CLUSTER: 'prod-eu-west-1' },
      branchPolicies: ['branch:main'],
    });
    expect(outputs.environmentNames).toEqual(['dev', 'stage', 'prod']);
    expect(JSON.stringify(outputs)).not.toContain(gh.token);
  });

  it('runs every example of the eks-github-repo-configure agent tool, its github.com served by the simulator', async () => {
    // The agent's example names github.com: the integration for that host
    // points at the simulator's API, so the example runs unchanged.
    const data = withExampleTrust({
      integrations: {
        github: [
          { host: 'github.com', apiBaseUrl: gh.apiBaseUrl, token: gh.token },
        ],
      },
      eksPlatform: { ecr: { accountId: '123456789012', region: 'eu-west-1' } },
    });
    const tool = registeredTool(
      githubRepoConfigureTool(
        createGithubRepoSettingsAction({
          config: new ConfigReader(data),
          auditor: createRecordingAuditor().auditor,
          callPolicy: testCallPolicy({}, 10_000).policy,
          ...testTrust(data, EXAMPLE_ENTITIES),
        }),
      ),
    );
    expect(tool.examples.length).toBeGreaterThan(0);
    for (const example of tool.examples) {
      const output = await tool.call(example.input, DANA);
      const repo = gh.repos().find(r => r.name === 'orders-api')!;
      const wanted = (example.input.environments as Array<{ name: string }>)
        .map(e => e.name)
        .sort();
      expect(repo.environments.map(e => e.name).sort()).toEqual(wanted);
      expect(repo.environments.find(e => e.name === 'prod')).toMatchObject({
        branchPolicies: ['branch:main'],
      });
      expect(JSON.stringify(output)).not.toContain(gh.token);
    }
  });
});
