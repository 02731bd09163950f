import { ConfigReader } from '@backstage/config';
import { readGitOpsConfig } from './gitops';

describe('readGitOpsConfig', () => {
  it('reads the repository and defaults the base branch to main', () => {
    expect(
      readGitOpsConfig(
        new ConfigReader({
          eksPlatform: {
            gitops: { repoUrl: 'github.com?owner=acme&repo=gitops' },
          },
        }),
      ),
    ).toEqual({
      repoUrl: 'github.com?owner=acme&repo=gitops',
      baseBranch: 'main',
    });
    expect(readGitOpsConfig(new ConfigReader({}))).toEqual({
      repoUrl: undefined,
      baseBranch: 'main',
    });
  });
});
