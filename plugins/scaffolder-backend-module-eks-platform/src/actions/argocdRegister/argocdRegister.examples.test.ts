import {
  ADMIN,
  ArgoCdPlatform,
  argocdTrust,
  callerAs,
  ECR_HOST,
  platformConfigData,
  startArgoCdPlatform,
} from '../../__testUtils__/argocdPlatform';
import { exampleInput } from '../../__testUtils__/examples';
import { registeredTool } from '../../__testUtils__/registryTools';
import { argocdRegisterTool } from '../../registryActions/eksWriteTools';
import {
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import { createArgoCdRegisterAction } from './argocdRegister';
import { examples } from './argocdRegister.examples';

// The GitHub simulator (the GitOps repository) runs real git.
jest.setTimeout(60_000);

const ACTION_ID = 'eks:argocd:register';
/** The team the examples name, with the namespace they deploy to. */
const TEAM_PAYMENTS = 'group:default/team-payments';
const DANA = callerAs('user:default/dana', [TEAM_PAYMENTS]);

describe('eks:argocd:register examples', () => {
  let platform: ArgoCdPlatform;
  beforeEach(async () => {
    platform = await startArgoCdPlatform();
  });
  afterEach(() => platform.close());

  function action(caller: ReturnType<typeof callerAs>) {
    const data = platformConfigData(platform);
    data.eksPlatform.tenancy.teams.push({
      group: TEAM_PAYMENTS,
      namespaces: ['payments'],
    } as any);
    return createArgoCdRegisterAction({
      ...argocdTrust(data, caller),
      auditor: createRecordingAuditor().auditor,
      callPolicy: testCallPolicy({}, 10_000).policy,
    });
  }

  it("opens a GitOps pull request with the team's AppProject and an Application per environment (example 1)", async () => {
    const input = exampleInput(examples[0], ACTION_ID, {
      parameters: { name: 'orders-api', owner: TEAM_PAYMENTS },
      steps: {
        publish: {
          output: {
            remoteUrl: `${platform.github.url}/git/acme/orders-api.git`,
          },
        },
        ecr: { output: { repositoryUri: `${ECR_HOST}/orders-api` } },
      },
    });
    const { ctx, outputs } = createTestContext(input);
    await action(DANA).handler(ctx);
    const pulls = platform.github
      .repos()
      .find(r => r.name === 'gitops')!
      .pulls.filter(p => p.head === 'backstage/eks-platform/orders-api');
    expect(pulls).toHaveLength(1);
    expect(outputs.pullRequestUrl).toMatch(
      new RegExp(`/platform/gitops/pull/${pulls[0].number}$`),
    );
    // GitOps mode writes nothing to Argo CD itself.
    expect(platform.argocd.writeRequests).toEqual([]);
  });

  it("creates the AppProject and the dev Application through the API, in the team's namespace (example 2)", async () => {
    const input = exampleInput(examples[1], ACTION_ID);
    const { ctx } = createTestContext(input);
    await action(DANA).handler(ctx);
    const app = platform.argocd
      .applications()
      .find(a => a.metadata.name === 'payments-api-dev')!;
    expect(app.spec.destination).toEqual({
      server: 'https://dev.eks.example.com',
      namespace: 'payments',
    });
    expect(app.spec.sources ?? [app.spec.source]).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          repoURL: 'https://github.com/acme/payments-api.git',
          path: 'chart',
          targetRevision: 'main',
        }),
      ]),
    );
    expect(app.metadata.annotations).toMatchObject({
      'eks.platform/owner-ref': TEAM_PAYMENTS,
    });
  });

  it('lets a platform admin adopt unmarked Applications, and refuses the team itself (example 3)', async () => {
    for (const env of ['dev', 'prod']) {
      const res = await fetch(`${platform.argocd.url}/api/v1/applications`, {
        method: 'POST',
        headers: { Authorization: 'Bearer sandbox-argocd-token' },
        body: JSON.stringify({
          metadata: { name: `legacy-api-${env}` },
          spec: {
            project: 'default',
            source: {
              repoURL: 'https://github.com/acme/legacy-api.git',
              path: 'chart',
            },
            destination: {
              server: `https://${env}.eks.example.com`,
              namespace: 'payments',
            },
          },
        }),
      });
      expect(res.status).toBe(200);
    }
    const input = exampleInput(examples[2], ACTION_ID);
    await expect(
      action(DANA).handler(createTestContext(input).ctx),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await action(ADMIN).handler(createTestContext(input).ctx);
    for (const env of ['dev', 'prod']) {
      const app = platform.argocd
        .applications()
        .find(a => a.metadata.name === `legacy-api-${env}`)!;
      expect(app.metadata.annotations).toMatchObject({
        'eks.platform/owner-ref': TEAM_PAYMENTS,
      });
    }
  });

  it('runs every example of the eks-argocd-register agent tool (GitOps pull request, then the API)', async () => {
    const tool = registeredTool(argocdRegisterTool(action(DANA)));
    const [gitops, api] = tool.examples;
    expect(tool.examples).toHaveLength(2);

    const opened = await tool.call(gitops.input, 'user:default/dana');
    const pulls = platform.github
      .repos()
      .find(r => r.name === 'gitops')!
      .pulls.filter(p => p.head === 'backstage/eks-platform/orders-api');
    expect(pulls).toHaveLength(1);
    expect(opened.pullRequestUrl).toMatch(
      new RegExp(`/platform/gitops/pull/${pulls[0].number}$`),
    );
    expect(platform.argocd.writeRequests).toEqual([]);

    await tool.call(api.input, 'user:default/dana');
    const app = platform.argocd
      .applications()
      .find(a => a.metadata.name === 'orders-api-dev')!;
    expect(app.spec.destination).toEqual({
      server: 'https://dev.eks.example.com',
      namespace: 'payments',
    });
    expect(app.metadata.annotations).toMatchObject({
      'eks.platform/owner-ref': TEAM_PAYMENTS,
    });
  });
});
