import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { Octokit } from '@octokit/rest';
import {
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import {
  ALICE,
  TEAM_A,
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createGithubRepoSettingsAction } from './githubRepoSettings';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
spec:
  type: service
  owner: group:default/team-a
  lifecycle: production
`;

// The simulator starts real git processes for its repositories.
jest.setTimeout(20_000);

describe('eks:github:repo:configure', () => {
  let gh: GitHubSimulator;
  let octokit: Octokit;

  beforeEach(async () => {
    gh = await startGitHubSimulator({
      users: ['jdoe'],
      teams: ['acme/platform', 'acme/developers'],
      repositories: [
        {
          owner: 'acme',
          name: 'payments-api',
          files: {
            'README.md': '# payments\n',
            'catalog-info.yaml': CATALOG_INFO,
          },
        },
      ],
    });
    octokit = new Octokit({ auth: gh.token, baseUrl: gh.apiBaseUrl });
  });
  afterEach(async () => {
    await gh.close();
  });

  function setup(eksPlatform: JsonObject = {}) {
    const { auditor, events } = createRecordingAuditor();
    const { policy, delays } = testCallPolicy({}, 10_000);
    const data = withPlatformTrust({
      integrations: {
        github: [{ host: gh.host, apiBaseUrl: gh.apiBaseUrl, token: gh.token }],
      },
      eksPlatform: {
        ecr: { accountId: '123456789012', region: 'eu-west-1' },
        ...eksPlatform,
      },
    });
    return {
      action: createGithubRepoSettingsAction({
        config: new ConfigReader(data),
        auditor,
        callPolicy: policy,
        ...testTrust(data),
      }),
      events,
      delays,
    };
  }

  const input = () => ({
    repoUrl: `${gh.host}?owner=acme&repo=payments-api`,
    owner: TEAM_A,
    awsRoleArn: 'arn:aws:iam::123456789012:role/github-actions/ecr-push',
    awsRegion: 'eu-west-1',
    ecrRegistry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    ecrRepository: 'payments-api',
    environments: [
      { name: 'dev' },
      {
        name: 'prod',
        reviewers: { users: ['user:default/jdoe'], teams: ['platform'] },
        preventSelfReview: true,
        deploymentBranches: ['main'],
        variables: { KUBE_CLUSTER: 'prod-eu-west-1' },
      },
    ],
  });
  const run = (values: object, options: { dryRun?: boolean } = {}) =>
    createTestContext(values as any, { user: ALICE, ...options });
  const snapshot = () => gh.repos().find(r => r.name === 'payments-api')!;
  const writes = () =>
    [...gh.requestCounts.entries()]
      .filter(([k]) => /^(POST|PUT|PATCH|DELETE)/.test(k))
      .reduce((n, [, v]) => n + v, 0);

  it('sets pipeline variables and environments with required reviewers for prod', async () => {
    const { action, events } = setup();
    const { ctx, outputs } = run(input());
    await action.handler(ctx);

    const repo = snapshot();
    expect(repo.variables).toEqual({
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/github-actions/ecr-push',
      AWS_REGION: 'eu-west-1',
      ECR_REGISTRY: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      ECR_REPOSITORY: 'payments-api',
    });
    expect(repo.environments.find(e => e.name === 'prod')).toMatchObject({
      variables: { KUBE_CLUSTER: 'prod-eu-west-1' },
      branchPolicies: ['branch:main'],
    });
    const prod = (
      await octokit.request(
        'GET /repos/{owner}/{repo}/environments/{environment_name}',
        {
          owner: 'acme',
          repo: 'payments-api',
          environment_name: 'prod',
        },
      )
    ).data as any;
    const reviewersRule = prod.protection_rules.find(
      (r: any) => r.type === 'required_reviewers',
    );
    expect(reviewersRule.prevent_self_review).toBe(true);
    expect(reviewersRule.reviewers.map((r: any) => r.type).sort()).toEqual([
      'Team',
      'User',
    ]);
    expect(outputs).toEqual({
      variableNames: [
        'AWS_ROLE_ARN',
        'AWS_REGION',
        'ECR_REGISTRY',
        'ECR_REPOSITORY',
      ],
      environmentNames: ['dev', 'prod'],
    });
    expect(
      events.filter(e => e.eventId === 'github-environment-create'),
    ).toHaveLength(2);
  });

  it("sets what the release workflow's promotion reads from config: the GitOps repository, each environment's Argo CD and its read-only token, once", async () => {
    const { action, events } = setup({
      gitops: { repoUrl: `${gh.host}?owner=platform&repo=gitops` },
      argocd: {
        instances: [
          {
            name: 'main',
            url: 'http://argocd-server.argocd.svc:8080',
            uiUrl: 'https://argocd.example.com/',
            token: 'argocd-admin-token',
            promotionToken: 'argocd-read-only-token',
          },
        ],
      },
    });
    const { ctx, logs } = run({
      ...input(),
      environments: [...input().environments, { name: 'qa' }],
    });
    await action.handler(ctx);

    const repo = snapshot();
    expect(repo.variables).toMatchObject({
      GITOPS_REPOSITORY: 'platform/gitops',
      GITOPS_OWNER: 'platform',
      GITOPS_REPO: 'gitops',
    });
    const env = (name: string) => repo.environments.find(e => e.name === name)!;
    for (const name of ['dev', 'prod']) {
      expect(env(name).variables).toMatchObject({
        ARGOCD_URL: 'https://argocd.example.com',
      });
      // The simulator opens the sealed box with the environment's private
      // key and answers 422 otherwise: stored means sealed correctly.
      expect(env(name).secretNames).toEqual(['ARGOCD_TOKEN']);
    }
    // Not a platform environment: no Argo CD to ask.
    expect(env('qa').variables).toEqual({});
    expect(env('qa').secretNames).toEqual([]);
    const trail = JSON.stringify([events, logs]);
    expect(trail).not.toContain('argocd-read-only-token');
    expect(trail).not.toContain('argocd-admin-token');
    expect(
      events.filter(e => e.eventId === 'github-secret-create').map(e => e.meta),
    ).toEqual([
      expect.objectContaining({ secret: 'ARGOCD_TOKEN', environment: 'dev' }),
      expect.objectContaining({ secret: 'ARGOCD_TOKEN', environment: 'prod' }),
    ]);

    // A re-run keeps the secrets (GitHub never shows their value) and
    // writes nothing.
    const before = writes();
    await action.handler(run(input()).ctx);
    expect(writes()).toBe(before);
  });

  it('is idempotent: a second run (where publish:github would fail with 409) writes nothing', async () => {
    const { action } = setup();
    await action.handler(run(input()).ctx);
    const before = writes();
    const second = run(input());
    await action.handler(second.ctx);
    expect(writes()).toBe(before);
    expect(second.logs.join('\n')).toContain(
      'already has these protection rules',
    );
  });

  it('updates changed variables and adds reviewers', async () => {
    const { action, events } = setup();
    await action.handler(run(input()).ctx);
    const changed = {
      ...input(),
      awsRoleArn: 'arn:aws:iam::123456789012:role/github-actions/ecr-push-v2',
      environments: [{ name: 'prod', reviewers: { teams: ['developers'] } }],
    };
    await action.handler(run(changed).ctx);
    expect(snapshot().variables.AWS_ROLE_ARN).toBe(
      'arn:aws:iam::123456789012:role/github-actions/ecr-push-v2',
    );
    expect(events.map(e => e.eventId)).toEqual(
      expect.arrayContaining([
        'github-variable-update',
        'github-environment-update',
      ]),
    );
  });

  it('only ever adds protection: existing reviewers and branch rules stay, the longer timer wins', async () => {
    const { action } = setup();
    // Set up by hand in GitHub: a reviewer, a long wait timer, a branch rule.
    const jdoe = (await octokit.rest.users.getByUsername({ username: 'jdoe' }))
      .data.id;
    await octokit.request(
      'PUT /repos/{owner}/{repo}/environments/{environment_name}',
      {
        owner: 'acme',
        repo: 'payments-api',
        environment_name: 'prod',
        wait_timer: 60,
        prevent_self_review: true,
        reviewers: [{ type: 'User', id: jdoe }],
        deployment_branch_policy: {
          protected_branches: false,
          custom_branch_policies: true,
        },
      },
    );
    await octokit.request(
      'POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
      {
        owner: 'acme',
        repo: 'payments-api',
        environment_name: 'prod',
        name: 'release/*',
      },
    );
    const { ctx, logs } = run({
      ...input(),
      environments: [
        {
          name: 'prod',
          reviewers: { teams: ['platform'] },
          preventSelfReview: false,
          waitTimer: 5,
          deploymentBranches: ['main', 'feature/*'],
        },
      ],
    });
    await action.handler(ctx);
    const prod = (
      await octokit.request(
        'GET /repos/{owner}/{repo}/environments/{environment_name}',
        { owner: 'acme', repo: 'payments-api', environment_name: 'prod' },
      )
    ).data as any;
    const rules = Object.fromEntries(
      prod.protection_rules.map((r: any) => [r.type, r]),
    );
    expect(
      rules.required_reviewers.reviewers.map((r: any) => r.type).sort(),
    ).toEqual(['Team', 'User']);
    expect(rules.required_reviewers.prevent_self_review).toBe(true);
    expect(rules.wait_timer.wait_timer).toBe(60);
    expect(
      snapshot().environments.find(e => e.name === 'prod')?.branchPolicies,
    ).toEqual(['branch:release/*']);
    expect(logs.join('\n')).toContain(
      'not added: main, feature/* (it would let more branches deploy',
    );
  });

  it('fails loudly on an unknown reviewer, before writing anything', async () => {
    const { action } = setup();
    const bad = {
      ...input(),
      environments: [{ name: 'prod', reviewers: { users: ['ghost-user'] } }],
    };
    const { ctx, logs } = run(bad);
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toMatch(
      /GitHub failed to look up reviewer user "ghost-user".*HTTP 404.*GitHub has no user "ghost-user"/,
    );
    expect(snapshot().environments).toEqual([]);
    expect(snapshot().variables).toEqual({});
    expect(gh.writeRequests).toEqual([]);
    expect(logs.join('\n')).toContain('Already in place: nothing');
  });

  it('makes no call in dry run', async () => {
    const { action } = setup();
    const { ctx, outputs } = run(input(), { dryRun: true });
    await action.handler(ctx);
    expect(gh.requestCounts.size).toBe(0);
    expect(outputs.environmentNames).toEqual(['dev', 'prod']);
  });

  it.each([
    [{ awsRoleArn: 'arn:aws:iam::123:role/x' }, /awsRoleArn/],
    [{ awsRegion: 'moon' }, /awsRegion/],
    [{ variables: { GITHUB_TOKEN: 'x' } }, /GITHUB_/],
    [{ variables: { 'bad-name': 'x' } }, /variable name/],
    [{ environments: [{ name: 'prod', waitTimer: 99999 }] }, /waitTimer/],
    [{ environments: [{ name: 'a b' }] }, /environment name/],
    [{ repoUrl: 'github.com?repo=x' }, /repoUrl/],
  ])('rejects bad input %j before any call', async (bad, message) => {
    const { action } = setup();
    const error = await action
      .handler(run({ ...input(), ...bad } as any).ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(gh.requestCounts.size).toBe(0);
  });

  it.each([
    [401, 1],
    [403, 1],
    [422, 1],
    [500, 3],
  ])('reports HTTP %d from the environment write', async (status, attempts) => {
    const { action } = setup();
    gh.setFailure({
      method: 'PUT',
      pathPattern: '/environments/dev',
      status,
      times: 5,
    });
    const error = await action.handler(run(input()).ctx).catch(e => e);
    expect(error.message).toContain(
      `GitHub failed to create environment "dev" in acme/payments-api (HTTP ${status})`,
    );
    expect(
      gh.requestCounts.get(
        'PUT /api/v3/repos/acme/payments-api/environments/dev',
      ),
    ).toBe(attempts);
    expect(error.message).not.toContain(gh.token);
  });

  it('retries a 403 secondary rate limit honouring Retry-After', async () => {
    const { action, delays } = setup();
    gh.setFailure({
      method: 'PUT',
      pathPattern: '/environments/prod',
      status: 403,
      retryAfterSeconds: 7,
      times: 1,
    });
    await action.handler(run(input()).ctx);
    expect(delays).toEqual([7000]);
    expect(
      snapshot()
        .environments.map(e => e.name)
        .sort(),
    ).toEqual(['dev', 'prod']);
  });

  it('retries a rate limit honouring Retry-After', async () => {
    const { action, delays } = setup();
    gh.setFailure({
      method: 'POST',
      pathPattern: '/actions/variables',
      status: 429,
      retryAfterSeconds: 5,
      times: 1,
    });
    await action.handler(run(input()).ctx);
    expect(delays).toEqual([5000]);
    expect(Object.keys(snapshot().variables)).toHaveLength(4);
  });
});
