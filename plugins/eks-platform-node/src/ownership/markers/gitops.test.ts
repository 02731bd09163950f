import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { proposeChange } from '../../clients/github/proposeChange';
import { readRepositoryFile } from '../../clients/github/readRepositoryFile';
import { sandboxGithubClient } from '../../__testUtils__/sandboxClients';
import { readGitOpsFileMarker, withGitOpsFileMarker } from './gitops';

// The sandbox GitHub keeps real git repositories; on a loaded machine a
// pull request round trip takes longer than jest's 5 s default.
jest.setTimeout(30_000);

const marker = {
  entityRef: 'component:default/cart',
  ownerRef: 'group:default/team-a',
};

describe('GitOps file markers', () => {
  it('puts the marker on top of the YAML, which stays valid YAML', () => {
    const text = withGitOpsFileMarker('image:\n  tag: v1\n', marker);
    expect(text).toBe(
      '# eks.platform/entity-ref: component:default/cart\n# eks.platform/owner-ref: group:default/team-a\nimage:\n  tag: v1\n',
    );
    expect(readGitOpsFileMarker(text)).toEqual(marker);
  });

  it('finds no marker in a file written by hand or missing', () => {
    expect(readGitOpsFileMarker('image:\n  tag: v1\n')).toBeUndefined();
    expect(readGitOpsFileMarker(undefined)).toBeUndefined();
  });
});

/* Proposed to the sandbox GitHub as a pull request and read back from the branch. */
describe('GitOps file markers through a pull request', () => {
  let github: GitHubSimulator;
  beforeAll(async () => {
    github = await startGitHubSimulator({ owners: ['platform'] });
    await github.createRepository({
      owner: 'platform',
      name: 'gitops',
      files: { 'README.md': '# gitops\n' },
    });
  });
  afterAll(() => github.close());

  it('reads the marker of a file the change wrote, and none from the README', async () => {
    const { gh } = await sandboxGithubClient(github, 'platform', 'gitops');
    const path = 'apps/cart/dev/values.yaml';
    const change = {
      branch: 'backstage/eks-platform/cart',
      title: 'cart',
      body: 'cart',
      commitMessage: 'cart',
      files: { [path]: withGitOpsFileMarker('replicaCount: 2\n', marker) },
      authorship: {
        identity: { name: 'EKS Platform', email: 'platform@example.com' },
        trailers: { 'Eks-Platform-Entity-Ref': marker.entityRef },
        description: 'the test',
      },
    };
    expect((await proposeChange(gh, change)).status).toBe('created');
    expect((await proposeChange(gh, change)).status).toBe('unchanged');

    const read = (file: string) => readRepositoryFile(gh, file, change.branch);
    expect(readGitOpsFileMarker(await read(path))).toEqual(marker);
    expect(readGitOpsFileMarker(await read('README.md'))).toBeUndefined();
  });
});
