import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { Octokit } from '@octokit/rest';
import {
  HostileCase,
  callerTrustCases,
  hostileRows,
  hostileTally,
} from '../../__testUtils__/hostile';
import {
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import {
  ALICE,
  ROOT,
  TEAM_A,
  serviceEntity,
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createGithubRepoSettingsAction } from './githubRepoSettings';

/*
 * Every hostile-input class of issue 10 for eks:github:repo:configure,
 * through the real action against the sandbox GitHub: each is refused with
 * InputError, NotAllowedError or ConflictError, and GitHub receives no
 * write request.
 */

jest.setTimeout(30_000);

const catalogInfo = (name: string, owner: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  owner: ${owner}\n  lifecycle: production\n`;

const REVIEWERS = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];

const CASES: HostileCase[] = [
  ...['evil-org', 'platform'].map(owner => ({
    class: 'repository outside the configured organisations',
    input: { repoUrl: `{host}?owner=${owner}&repo=payments-api` },
    refusal: NotAllowedError,
    message: /eksPlatform.tenancy.githubOrganizations/,
  })),
  ...[
    { repoUrl: '{host}?owner=acme&repo=billing', ecrRepository: 'billing' },
    { repoUrl: '{host}?owner=acme&repo=impostor', ecrRepository: 'impostor' },
  ].map(input => ({
    class: 'repository of another service or team',
    input,
    refusal: ConflictError,
    message:
      /belongs to component:default\/(billing \(owner group:default\/team-b\)|checkout)/,
  })),
  ...['legacy', 'half-done'].map(repo => ({
    class: 'repository without an owner marker (no catalog-info.yaml)',
    input: { repoUrl: `{host}?owner=acme&repo=${repo}`, ecrRepository: repo },
    refusal: ConflictError,
    message: /has no owner marker/,
  })),
  ...[
    'evil.example.com',
    '999999999999.dkr.ecr.eu-west-1.amazonaws.com',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    'ghcr.io',
  ].map(ecrRegistry => ({
    class: "registry host other than the platform's",
    input: { ecrRegistry },
    refusal: NotAllowedError,
    message: /is not this environment's registry/,
  })),
  ...[
    { variables: { ECR_REGISTRY: 'evil.example.com' } },
    { variables: { aws_role_arn: 'arn:aws:iam::999999999999:role/x' } },
    {
      environments: [
        { name: 'prod', variables: { ECR_REGISTRY: 'evil.example.com' } },
      ],
    },
  ].map(input => ({
    class: 'variable overriding a managed pipeline variable',
    input,
    refusal: NotAllowedError,
    message: /is set by the action from its own input/,
  })),
  ...[
    { variables: { GITOPS_REPOSITORY: 'evil/gitops' } },
    { variables: { gitops_owner: 'evil' } },
    {
      environments: [
        { name: 'prod', variables: { ARGOCD_URL: 'https://evil.example' } },
      ],
    },
  ].map(input => ({
    class: 'variable redirecting the promotion (GitOps repository, Argo CD)',
    input,
    refusal: NotAllowedError,
    message: /is set by the action from platform config/,
  })),
  ...[
    { awsRoleArn: 'arn:aws:iam::999999999999:role/payments-api-ci' },
    { awsRegion: 'us-east-1' },
  ].map(input => ({
    class: "AWS role or region outside the platform's",
    input,
    refusal: NotAllowedError,
  })),
  {
    class: 'ECR repository of another service',
    input: { ecrRepository: 'billing' },
    refusal: NotAllowedError,
    message: /is not the image repository of service "payments-api"/,
  },
  ...[
    { ecrRegistry: 'https://evil.example.com/x' },
    { variables: { GITHUB_TOKEN: 'x' } },
    { repoUrl: 'github.com?repo=payments-api' },
    { repoUrl: '{host}?owner=acme&repo=../billing' },
  ].map(input => ({
    class: 'malformed repository, registry or variable',
    input,
    refusal: InputError,
  })),
  ...callerTrustCases({
    registered: { repoUrl: '{host}?owner=acme&repo=registered-svc' },
    malformedRefs: [
      { owner: 'user:default/alice' },
      { entityRef: 'api:default/payments-api' },
    ],
  }),
  {
    class: 'protection that cannot be added without removing any',
    input: {
      environments: [{ name: 'prod', reviewers: { users: ['r7'] } }],
    },
    seed: 'prod environment with six reviewers',
    refusal: ConflictError,
    message: /more than GitHub's 6, and existing reviewers are never removed/,
  },
  {
    class: 'adoption of a resource another team owns',
    input: {
      repoUrl: '{host}?owner=acme&repo=billing',
      ecrRepository: 'billing',
      adoptExisting: true,
    },
    user: ROOT,
    refusal: ConflictError,
    message: /only applies to resources without an owner marker/,
  },
];

describe('eks:github:repo:configure refuses hostile input before any write', () => {
  let gh: GitHubSimulator;
  beforeEach(async () => {
    gh = await startGitHubSimulator({
      owners: ['acme', 'platform', 'evil-org'],
      users: REVIEWERS,
      teams: ['acme/platform'],
      repositories: [
        {
          owner: 'acme',
          name: 'payments-api',
          files: { 'catalog-info.yaml': catalogInfo('payments-api', 'team-a') },
        },
        {
          owner: 'acme',
          name: 'billing',
          files: { 'catalog-info.yaml': catalogInfo('billing', 'team-b') },
        },
        {
          owner: 'acme',
          name: 'impostor',
          files: { 'catalog-info.yaml': catalogInfo('checkout', 'team-a') },
        },
        { owner: 'acme', name: 'legacy', files: { 'README.md': '# x\n' } },
        { owner: 'acme', name: 'half-done' },
        {
          owner: 'platform',
          name: 'payments-api',
          files: { 'catalog-info.yaml': catalogInfo('payments-api', 'team-a') },
        },
      ],
    });
  });
  afterEach(() => gh.close());

  const data = () =>
    withPlatformTrust({
      integrations: {
        github: [{ host: gh.host, apiBaseUrl: gh.apiBaseUrl, token: gh.token }],
      },
      eksPlatform: { ecr: { accountId: '123456789012', region: 'eu-west-1' } },
    });
  const action = () =>
    createGithubRepoSettingsAction({
      config: new ConfigReader(data()),
      auditor: createRecordingAuditor().auditor,
      callPolicy: testCallPolicy({}, 10_000).policy,
      ...testTrust(data(), [serviceEntity('registered-svc', 'team-a')]),
    });

  const seeds: Record<string, () => Promise<unknown>> = {
    'prod environment with six reviewers': async () => {
      const octokit = new Octokit({ auth: gh.token, baseUrl: gh.apiBaseUrl });
      const ids = await Promise.all(
        REVIEWERS.slice(0, 6).map(
          async username =>
            (
              await octokit.rest.users.getByUsername({ username })
            ).data.id,
        ),
      );
      await octokit.request(
        'PUT /repos/{owner}/{repo}/environments/{environment_name}',
        {
          owner: 'acme',
          repo: 'payments-api',
          environment_name: 'prod',
          reviewers: ids.map(id => ({ type: 'User' as const, id })),
        },
      );
    },
  };

  const base = () => ({
    repoUrl: `${gh.host}?owner=acme&repo=payments-api`,
    owner: TEAM_A,
    awsRoleArn: 'arn:aws:iam::123456789012:role/payments-api-ci',
    awsRegion: 'eu-west-1',
    ecrRegistry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    ecrRepository: 'payments-api',
    environments: [{ name: 'prod', reviewers: { teams: ['platform'] } }],
  });

  it.each(hostileRows(CASES))('refuses %s', async (_name, hostile) => {
    if (hostile.seed) await seeds[hostile.seed]();
    const writesBefore = [...gh.writeRequests];
    const input = JSON.parse(
      JSON.stringify({ ...base(), ...hostile.input }).replaceAll(
        '{host}',
        gh.host,
      ),
    );
    const { ctx } = createTestContext(input, {
      user: hostile.user ?? ALICE,
    });
    const error = await action()
      .handler(ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(hostile.refusal);
    expect(error.message).toMatch(hostile.message ?? /\S/);
    expect(error.message).not.toContain(gh.token);
    expect(gh.writeRequests).toEqual(writesBefore);
  });

  it('covers every class with at least one input', () => {
    expect(hostileTally(CASES)).toEqual({ inputs: 32, classes: 15 });
  });
});
