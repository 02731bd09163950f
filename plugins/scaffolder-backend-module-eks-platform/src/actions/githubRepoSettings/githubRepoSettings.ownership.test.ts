import { ConfigReader } from '@backstage/config';
import { ConflictError, NotAllowedError } from '@backstage/errors';
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
  BOB,
  ROOT,
  TEAM_A,
  TEAM_B,
  testTrust,
  withPlatformTrust,
} from '../../__testUtils__/trust';
import { createGithubRepoSettingsAction } from './githubRepoSettings';

/*
 * The ownership rules of eks:github:repo:configure against the sandbox
 * GitHub. A repository's owner marker is its catalog-info.yaml: the same
 * owner reconciles, another owner or none is a conflict; a platform admin
 * may configure an unmarked repository with adoptExisting, and the team
 * owns it once its catalog-info.yaml names them.
 */

jest.setTimeout(30_000);

const catalogInfo = (owner: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: legacy\nspec:\n  type: service\n  owner: ${owner}\n  lifecycle: production\n`;

describe('eks:github:repo:configure ownership', () => {
  let gh: GitHubSimulator;
  let octokit: Octokit;
  beforeEach(async () => {
    gh = await startGitHubSimulator({
      owners: ['acme'],
      teams: ['acme/team-a'],
      repositories: [
        { owner: 'acme', name: 'legacy', files: { 'README.md': '# x\n' } },
      ],
    });
    octokit = new Octokit({ auth: gh.token, baseUrl: gh.apiBaseUrl });
  });
  afterEach(() => gh.close());

  function action() {
    const data = withPlatformTrust({
      integrations: {
        github: [{ host: gh.host, apiBaseUrl: gh.apiBaseUrl, token: gh.token }],
      },
      eksPlatform: { ecr: { accountId: '123456789012', region: 'eu-west-1' } },
    });
    return createGithubRepoSettingsAction({
      config: new ConfigReader(data),
      auditor: createRecordingAuditor().auditor,
      callPolicy: testCallPolicy({}, 10_000).policy,
      ...testTrust(data),
    });
  }
  const run = (user: string, owner: string, extra: object = {}) =>
    createTestContext(
      {
        repoUrl: `${gh.host}?owner=acme&repo=legacy`,
        owner,
        ecrRepository: 'legacy',
        environments: [{ name: 'prod', reviewers: { teams: ['team-a'] } }],
        ...extra,
      },
      { user },
    ).ctx;
  const putCatalogInfo = (owner: string) =>
    octokit.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'legacy',
      path: 'catalog-info.yaml',
      message: 'Describe the service',
      content: Buffer.from(catalogInfo(owner)).toString('base64'),
    });

  it('reconciles for the same service and owner, changing nothing when nothing differs', async () => {
    await putCatalogInfo('team-a');
    await action().handler(run(ALICE, TEAM_A));
    const writes = gh.writeRequests.length;
    await action().handler(run(ALICE, TEAM_A));
    expect(gh.writeRequests.length).toBe(writes);
  });

  it("refuses another owner's repository, naming the owner", async () => {
    await putCatalogInfo('team-a');
    const writes = gh.writeRequests.length;
    const error = await action()
      .handler(run(BOB, TEAM_B))
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(
      'GitHub repository acme/legacy (its catalog-info.yaml) belongs to component:default/legacy (owner group:default/team-a), not to component:default/legacy (owner group:default/team-b).',
    );
    expect(gh.writeRequests.length).toBe(writes);
  });

  it('refuses a repository without catalog-info.yaml', async () => {
    await expect(action().handler(run(ALICE, TEAM_A))).rejects.toThrow(
      'GitHub repository acme/legacy (its catalog-info.yaml) already exists and has no owner marker',
    );
    expect(gh.writeRequests).toEqual([]);
  });

  it('lets a platform admin configure it with adoptExisting; the team owns it once catalog-info.yaml names them', async () => {
    await action().handler(run(ROOT, TEAM_A, { adoptExisting: true }));
    expect(
      gh.repos().find(r => r.name === 'legacy')!.environments,
    ).toHaveLength(1);
    // The marker of a repository is its catalog-info.yaml: until the team
    // adds it, the repository is still nobody's.
    await expect(action().handler(run(ALICE, TEAM_A))).rejects.toThrow(
      ConflictError,
    );
    await putCatalogInfo('team-a');
    const writes = gh.writeRequests.length;
    await action().handler(run(ALICE, TEAM_A));
    expect(gh.writeRequests.length).toBe(writes);
  });

  it('refuses adoptExisting from a member who is not a platform admin', async () => {
    await expect(
      action().handler(run(ALICE, TEAM_A, { adoptExisting: true })),
    ).rejects.toThrow(NotAllowedError);
    expect(gh.writeRequests).toEqual([]);
  });
});
