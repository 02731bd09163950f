import { Octokit } from '@octokit/rest';
import { GitHubSimulator, startGitHubSimulator } from '../startGitHubSimulator';

const MUTATION = `mutation ($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid } }
}`;

describe('GitHub simulator: the GraphQL operations the stock actions send', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;

  beforeAll(async () => {
    github = await startGitHubSimulator();
    // octokit derives `${host}/api/graphql` from the `/api/v3` base, as for GitHub Enterprise.
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: github.token });
    await github.createRepository({
      owner: 'platform',
      name: 'svc',
      files: { '.gitkeep': '' },
    });
  });
  afterAll(() => github.close());

  it('commits files with createCommitOnBranch and guards expectedHeadOid', async () => {
    const head = (
      await octokit.rest.git.getRef({
        owner: 'platform',
        repo: 'svc',
        ref: 'heads/main',
      })
    ).data.object.sha;
    const input = {
      branch: { repositoryNameWithOwner: 'platform/svc', branchName: 'main' },
      message: { headline: 'add app' },
      fileChanges: {
        additions: [
          {
            path: 'app/main.go',
            contents: Buffer.from('package main\n').toString('base64'),
          },
        ],
        deletions: [{ path: '.gitkeep' }],
      },
      expectedHeadOid: head,
    };
    const result: any = await octokit.graphql(MUTATION, { input });
    const oid = result.createCommitOnBranch.commit.oid;
    const commit = await octokit.rest.git.getCommit({
      owner: 'platform',
      repo: 'svc',
      commit_sha: oid,
    });
    expect(commit.data.parents[0].sha).toBe(head);
    const tree = await octokit.rest.git.getTree({
      owner: 'platform',
      repo: 'svc',
      tree_sha: oid,
      recursive: '1',
    });
    expect(
      tree.data.tree.filter(e => e.type === 'blob').map(e => e.path),
    ).toEqual(['app/main.go']);
    await expect(octokit.graphql(MUTATION, { input })).rejects.toThrow(
      /expectedHeadOid/,
    );
  });

  it('answers unsupported documents with a GraphQL error instead of made-up data', async () => {
    await expect(octokit.graphql('{ viewer { login } }')).rejects.toThrow(
      /supports only/,
    );
  });
});
