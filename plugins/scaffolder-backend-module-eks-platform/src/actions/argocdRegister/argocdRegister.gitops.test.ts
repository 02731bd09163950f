import { readGitOpsFileMarker } from '@internal/backstage-plugin-eks-platform-node';
import { Octokit } from '@octokit/rest';
import yaml from 'yaml';
import {
  ArgoCdPlatform,
  ECR_HOST,
  TEAM_A,
  createArgoCdAction,
  serviceInput,
  startArgoCdPlatform,
  writeCounts,
} from '../../__testUtils__/argocdPlatform';
import { createTestContext } from '../../__testUtils__/testContext';

// The GitHub simulator backs the Git Data API with real git processes, which
// take seconds on a loaded 2-core CI machine.
jest.setTimeout(60_000);

describe('eks:argocd:register (gitops mode)', () => {
  let platform: ArgoCdPlatform;
  let octokit: Octokit;
  let serial = 0;
  let service: string;

  // One platform for the file (git processes are costly); each test
  // registers its own service, so branches, files and PRs do not overlap.
  beforeAll(async () => {
    platform = await startArgoCdPlatform();
    octokit = new Octokit({
      auth: platform.github.token,
      baseUrl: platform.github.apiBaseUrl,
    });
  });
  afterAll(() => platform.close());
  beforeEach(() => {
    serial += 1;
    service = `svc${serial}`;
    platform.github.clearFailures();
  });

  const branch = () => `backstage/eks-platform/${service}`;
  const read = async (path: string, ref: string) => {
    const res = await octokit.rest.repos.getContent({
      owner: 'platform',
      repo: 'gitops',
      path,
      ref,
    });
    return Buffer.from((res.data as any).content, 'base64').toString('utf8');
  };
  const pulls = () =>
    platform.github
      .repos()
      .find(r => r.name === 'gitops')!
      .pulls.filter(p => p.head === branch());
  const merge = async (number: number) =>
    octokit.rest.pulls.merge({
      owner: 'platform',
      repo: 'gitops',
      pull_number: number,
      merge_method: 'squash',
    });

  it("opens one pull request with the team's project and, per environment, an Application and its values, each with the owner marker", async () => {
    const { action, events } = createArgoCdAction(platform);
    const { ctx, outputs } = createTestContext(serviceInput(platform, service));
    await action.handler(ctx);

    expect(pulls()).toHaveLength(1);
    expect(outputs.pullRequestUrl).toMatch(
      new RegExp(`/platform/gitops/pull/${pulls()[0].number}$`),
    );
    const marker = {
      entityRef: `component:default/${service}`,
      ownerRef: TEAM_A,
    };
    for (const env of ['dev', 'stage', 'prod']) {
      const appText = await read(
        `apps/${service}/${env}/application.yaml`,
        branch(),
      );
      expect(readGitOpsFileMarker(appText)).toEqual(marker);
      const application = yaml.parse(appText);
      expect(application.metadata.name).toBe(`${service}-${env}`);
      expect(application.spec.project).toBe('team-a');
      expect(application.spec.sources[1]).toEqual({
        repoURL: `${platform.github.url}/git/platform/gitops.git`,
        targetRevision: 'main',
        ref: 'values',
      });
      const values = await read(`apps/${service}/${env}/values.yaml`, branch());
      expect(readGitOpsFileMarker(values)).toEqual(marker);
      expect(yaml.parse(values)).toEqual({
        image: { repository: `${ECR_HOST}/${service}` },
      });
    }
    const projectText = await read('projects/team-a.yaml', branch());
    expect(readGitOpsFileMarker(projectText)).toEqual({
      entityRef: TEAM_A,
      ownerRef: TEAM_A,
    });
    expect(yaml.parse(projectText).spec.destinations).toEqual([
      { server: 'https://dev.eks.example.com', namespace: 'team-a' },
      { name: 'stage-eu-west-1', namespace: 'team-a' },
      { server: 'https://prod.eks.example.com', namespace: 'team-a' },
    ]);
    expect(events.map(e => `${e.eventId}:${e.outcome}`)).toEqual([
      'argocd-gitops-pull-request:success',
    ]);
    // The Argo CD API is not touched in gitops mode.
    expect(writeCounts(platform).argocd).toBe(0);
  });

  it('reuses its branch and pull request on a re-run, and says when base already holds everything', async () => {
    const { action } = createArgoCdAction(platform);
    await action.handler(
      createTestContext(serviceInput(platform, service)).ctx,
    );
    const before = writeCounts(platform).github;
    const again = createTestContext(serviceInput(platform, service));
    await action.handler(again.ctx);
    expect(writeCounts(platform).github).toBe(before);
    expect(pulls()).toHaveLength(1);
    expect(again.logs.join('\n')).toContain('already proposes this spec');

    await merge(pulls()[0].number);
    const third = createTestContext(serviceInput(platform, service));
    await action.handler(third.ctx);
    expect(third.outputs.pullRequestUrl).toBeUndefined();
    expect(third.logs.join('\n')).toContain('no pull request needed');
  });

  it('keeps the image tag a promotion set when it runs again after the merge', async () => {
    const { action } = createArgoCdAction(platform);
    await action.handler(
      createTestContext(serviceInput(platform, service)).ctx,
    );
    await merge(pulls()[0].number);
    // A promotion merged on main: dev now runs a tag.
    const path = `apps/${service}/dev/values.yaml`;
    const current = await read(path, 'main');
    const { data: file } = await octokit.rest.repos.getContent({
      owner: 'platform',
      repo: 'gitops',
      path,
      ref: 'main',
    });
    await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'platform',
      repo: 'gitops',
      path,
      message: 'deploy dev',
      content: Buffer.from(
        current.replace(/repository: .*/, '$&\n  tag: "abc"'),
      ).toString('base64'),
      sha: (file as any).sha,
    });
    const again = createTestContext(serviceInput(platform, service));
    await action.handler(again.ctx);
    expect(again.logs.join('\n')).toContain('no pull request needed');
    const withNewRegistry = createTestContext(
      serviceInput(platform, service, {
        imageRepository: `210987654321.dkr.ecr.eu-west-1.amazonaws.com/${service}`,
      }),
    );
    await action.handler(withNewRegistry.ctx);
    expect(yaml.parse(await read(path, branch())).image).toEqual({
      repository: `210987654321.dkr.ecr.eu-west-1.amazonaws.com/${service}`,
      tag: 'abc',
    });
  });

  it("adds a second service to the team's project file without dropping the first", async () => {
    const { action } = createArgoCdAction(platform);
    await action.handler(
      createTestContext(serviceInput(platform, service)).ctx,
    );
    await merge(pulls()[0].number);
    const first = service;
    service = `${service}b`;
    await action.handler(
      createTestContext(
        serviceInput(platform, service, { environments: ['dev'] }),
      ).ctx,
    );
    const project = yaml.parse(await read('projects/team-a.yaml', branch()));
    expect(project.spec.sourceRepos).toEqual(
      expect.arrayContaining([
        `${platform.github.url}/git/acme/${first}.git`,
        `${platform.github.url}/git/acme/${service}.git`,
      ]),
    );
  });

  it('never replaces a branch that holds a commit it did not write', async () => {
    const { action } = createArgoCdAction(platform);
    await action.handler(
      createTestContext(serviceInput(platform, service)).ctx,
    );
    const path = `apps/${service}/dev/values.yaml`;
    const { data: file } = await octokit.rest.repos.getContent({
      owner: 'platform',
      repo: 'gitops',
      path,
      ref: branch(),
    });
    await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'platform',
      repo: 'gitops',
      path,
      branch: branch(),
      message: 'a reviewer fixed something by hand',
      content: Buffer.from('# hand edit\n').toString('base64'),
      sha: (file as any).sha,
      author: { name: 'Reviewer', email: 'reviewer@example.com' },
      committer: { name: 'Reviewer', email: 'reviewer@example.com' },
    });
    const before = writeCounts(platform).github;
    const error = await action
      .handler(
        createTestContext(
          serviceInput(platform, service, { targetRevision: 'v2' }),
        ).ctx,
      )
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toContain(`Branch "${branch()}" in platform/gitops`);
    expect(error.message).toContain('"a reviewer fixed something by hand"');
    expect(writeCounts(platform).github).toBe(before);
    const { data: gh } = await octokit.rest.repos.getContent({
      owner: 'platform',
      repo: 'gitops',
      path,
      ref: branch(),
    });
    expect(Buffer.from((gh as any).content, 'base64').toString()).toBe(
      '# hand edit\n',
    );
  });
});
