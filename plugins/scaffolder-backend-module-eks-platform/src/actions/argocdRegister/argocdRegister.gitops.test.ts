import { ConfigReader } from '@backstage/config';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { Octokit } from '@octokit/rest';
import yaml from 'yaml';
import {
  createRecordingAuditor,
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import { createArgoCdRegisterAction } from './argocdRegister';

// The GitHub simulator backs the Git Data API with real git processes, which
// take seconds on a loaded 2-core CI machine.
jest.setTimeout(30_000);

describe('eks:argocd:register (gitops mode)', () => {
  let gh: GitHubSimulator;
  let octokit: Octokit;

  // One simulator for the file (starting it costs git processes); each test
  // registers its own service, so branches, files and PRs do not overlap.
  let service: string;
  let serial = 0;
  beforeAll(async () => {
    gh = await startGitHubSimulator({
      repositories: [
        {
          owner: 'platform',
          name: 'gitops',
          files: { 'README.md': '# GitOps\n' },
        },
      ],
    });
    octokit = new Octokit({ auth: gh.token, baseUrl: gh.apiBaseUrl });
  });
  afterAll(async () => {
    await gh.close();
  });
  beforeEach(() => {
    serial += 1;
    service = `svc${serial}`;
    gh.clearFailures();
  });
  const COMMITS = 'POST /api/v3/repos/platform/gitops/git/commits';
  const REPO = 'GET /api/v3/repos/platform/gitops';
  const count = (key: string) => gh.requestCounts.get(key) ?? 0;
  const totalRequests = () =>
    [...gh.requestCounts.values()].reduce((a, b) => a + b, 0);

  function setup() {
    const { auditor, events } = createRecordingAuditor();
    const { policy, delays } = testCallPolicy({}, 10_000);
    const config = new ConfigReader({
      integrations: {
        github: [{ host: gh.host, apiBaseUrl: gh.apiBaseUrl, token: gh.token }],
      },
      eksPlatform: {
        argocd: {
          instances: [
            {
              name: 'main',
              url: 'http://127.0.0.1:7110',
              token: 'sandbox-argocd-token',
            },
          ],
        },
        gitops: {
          repoUrl: `${gh.host}?owner=platform&repo=gitops`,
          baseBranch: 'main',
        },
      },
    });
    return {
      action: createArgoCdRegisterAction({
        config,
        auditor,
        callPolicy: policy,
      }),
      events,
      delays,
    };
  }

  const inputFor = () => ({
    name: service,
    namespace: 'payments',
    environments: ['dev', 'prod'],
    chartRepoUrl: 'https://github.com/acme/payments-api.git',
    commonValues: {
      image: {
        repository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api',
      },
    },
    values: { prod: { replicaCount: 3 } },
  });

  async function readFile(path: string, ref: string) {
    const res = await octokit.rest.repos.getContent({
      owner: 'platform',
      repo: 'gitops',
      path,
      ref,
    });
    return Buffer.from((res.data as any).content, 'base64').toString('utf8');
  }
  const pulls = () =>
    gh
      .repos()
      .find(r => r.name === 'gitops')!
      .pulls.filter(p => p.head === `backstage/eks-platform/${service}`);

  it('opens one pull request with values and an Application per environment', async () => {
    const { action, events } = setup();
    const { ctx, outputs, logs } = createTestContext(inputFor());
    await action.handler(ctx);

    const branch = `backstage/eks-platform/${service}`;
    expect(pulls()).toEqual([
      expect.objectContaining({ state: 'open', head: branch, base: 'main' }),
    ]);
    expect(outputs.pullRequestUrl).toMatch(
      new RegExp(`/platform/gitops/pull/${pulls()[0].number}$`),
    );
    expect(outputs.applicationNames).toEqual([
      `${service}-dev`,
      `${service}-prod`,
    ]);

    const prodValues = yaml.parse(
      await readFile(`apps/${service}/prod/values.yaml`, branch),
    );
    expect(prodValues).toEqual({
      image: {
        repository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api',
      },
      replicaCount: 3,
    });
    const app = yaml.parse(
      await readFile(`apps/${service}/prod/application.yaml`, branch),
    );
    expect(app.kind).toBe('Application');
    expect(app.metadata).toMatchObject({
      name: `${service}-prod`,
      namespace: 'argocd',
    });
    expect(app.spec.sources[0].helm.valueFiles).toContain(
      `$values/apps/${service}/prod/values.yaml`,
    );
    expect(app.spec.sources[1]).toMatchObject({
      ref: 'values',
      targetRevision: 'main',
    });
    expect(app.spec.sources[1].repoURL).toMatch(/platform\/gitops/);
    // The base branch is untouched until the pull request is merged.
    await expect(
      readFile(`apps/${service}/prod/values.yaml`, 'main'),
    ).rejects.toThrow();
    expect(events.map(e => `${e.eventId}:${e.outcome}`)).toEqual([
      'argocd-gitops-pull-request:success',
    ]);
    expect(events[0].resultMeta).toMatchObject({
      status: 'created',
      pullRequestUrl: outputs.pullRequestUrl,
    });
    expect(logs.join('\n')).toContain('Opened pull request');
  });

  it('is idempotent: a second run reuses the pull request and writes no commit', async () => {
    const { action } = setup();
    const first = createTestContext(inputFor());
    await action.handler(first.ctx);
    const commits = count(COMMITS);
    const second = createTestContext(inputFor());
    await action.handler(second.ctx);
    expect(pulls()).toHaveLength(1);
    expect(count(COMMITS)).toBe(commits);
    expect(second.outputs.pullRequestUrl).toBe(first.outputs.pullRequestUrl);
    expect(second.logs.join('\n')).toContain('already proposes this spec');
  });

  it('updates the open pull request when the spec changes, then needs none once merged', async () => {
    const { action } = setup();
    await action.handler(createTestContext(inputFor()).ctx);
    const changed = createTestContext({
      ...inputFor(),
      values: { prod: { replicaCount: 5 } },
    });
    await action.handler(changed.ctx);
    expect(pulls()).toHaveLength(1);
    const branch = `backstage/eks-platform/${service}`;
    const prodValues = yaml.parse(
      await readFile(`apps/${service}/prod/values.yaml`, branch),
    );
    expect(prodValues.replicaCount).toBe(5);
    expect(changed.logs.join('\n')).toContain('Updated pull request');

    await octokit.rest.pulls.merge({
      owner: 'platform',
      repo: 'gitops',
      pull_number: pulls()[0].number,
    });
    const after = createTestContext({
      ...inputFor(),
      values: { prod: { replicaCount: 5 } },
    });
    await action.handler(after.ctx);
    expect(pulls()).toHaveLength(1);
    expect(after.outputs.pullRequestUrl).toBeUndefined();
    expect(after.logs.join('\n')).toContain('no pull request needed');
  });

  it('makes no GitHub call in dry run', async () => {
    const { action } = setup();
    const before = totalRequests();
    const { ctx, outputs } = createTestContext(inputFor(), { dryRun: true });
    await action.handler(ctx);
    expect(totalRequests()).toBe(before);
    expect(outputs.applicationNames).toHaveLength(2);
  });

  it('rejects a GitOps repository on a host without integration before any call', async () => {
    const { action } = setup();
    const before = totalRequests();
    const error = await action
      .handler(
        createTestContext({
          ...inputFor(),
          gitopsRepoUrl: 'gitlab.example.com?owner=a&repo=b',
        }).ctx,
      )
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(totalRequests()).toBe(before);
  });

  it.each([
    [401, 1],
    [403, 1],
    [404, 1],
    [422, 1],
    [502, 3],
  ])(
    'reports HTTP %d from GitHub with operation and advice',
    async (status, attempts) => {
      const { action } = setup();
      gh.setFailure({
        method: 'GET',
        pathPattern: /^\/api\/v3\/repos\/platform\/gitops$/,
        status,
        times: 5,
      });
      const before = count(REPO);
      const { ctx, logs, outputs } = createTestContext(inputFor());
      const error = await action.handler(ctx).catch(e => e);
      expect(error.name).toBe('UpstreamError');
      expect(error.message).toContain(
        `GitHub failed to read repository in platform/gitops (HTTP ${status})`,
      );
      expect(count(REPO) - before).toBe(attempts);
      expect(
        [error.message, ...logs, JSON.stringify(outputs)].join('\n'),
      ).not.toContain(gh.token);
    },
  );

  it('fails midway with the upstream message and recovers on the next run with one PR', async () => {
    const { action } = setup();
    gh.setFailure({
      method: 'POST',
      pathPattern: '/git/commits',
      status: 500,
      times: 3,
    });
    const failed = createTestContext(inputFor());
    const error = await action.handler(failed.ctx).catch(e => e);
    expect(error.message).toContain(
      'GitHub failed to create commit in platform/gitops (HTTP 500): Simulated failure',
    );
    expect(failed.logs.join('\n')).toContain('nothing was merged');
    expect(pulls()).toHaveLength(0);
    await action.handler(createTestContext(inputFor()).ctx);
    expect(pulls()).toHaveLength(1);
  });

  it('retries a secondary rate limit honouring Retry-After', async () => {
    const { action, delays } = setup();
    gh.setFailure({
      method: 'POST',
      pathPattern: '/pulls',
      status: 429,
      retryAfterSeconds: 4,
      times: 1,
    });
    await action.handler(createTestContext(inputFor()).ctx);
    expect(delays).toContain(4000);
    expect(pulls()).toHaveLength(1);
  });

  it('recovers when a previous attempt created the branch but no pull request', async () => {
    const { action } = setup();
    gh.setFailure({
      method: 'POST',
      pathPattern: '/pulls',
      status: 400,
      times: 1,
    });
    await expect(
      action.handler(createTestContext(inputFor()).ctx),
    ).rejects.toThrow(/open pull request/);
    expect(pulls()).toHaveLength(0);
    await action.handler(createTestContext(inputFor()).ctx);
    expect(pulls()).toHaveLength(1);
  });
});
