import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { sandboxGithubClient } from '../../__testUtils__/sandboxClients';
import { readRepositoryFile } from './readRepositoryFile';

describe('readRepositoryFile', () => {
  let github: GitHubSimulator;
  beforeAll(async () => {
    github = await startGitHubSimulator({ owners: ['acme'] });
    await github.createRepository({
      owner: 'acme',
      name: 'cart',
      files: {
        'catalog-info.yaml': 'kind: Component\n',
        'docs/index.md': '# Cart ✓\n',
      },
    });
    await github.createRepository({ owner: 'acme', name: 'empty' });
  });
  afterAll(() => github.close());

  it('returns the text of a file on a branch', async () => {
    const { gh } = await sandboxGithubClient(github, 'acme', 'cart');
    expect(await readRepositoryFile(gh, 'catalog-info.yaml', 'main')).toBe(
      'kind: Component\n',
    );
    expect(await readRepositoryFile(gh, 'docs/index.md', 'main')).toBe(
      '# Cart ✓\n',
    );
  });

  it('returns undefined for a missing file and for a directory', async () => {
    const { gh } = await sandboxGithubClient(github, 'acme', 'cart');
    expect(
      await readRepositoryFile(gh, 'missing.yaml', 'main'),
    ).toBeUndefined();
    expect(await readRepositoryFile(gh, 'docs', 'main')).toBeUndefined();
  });

  it('returns undefined in an empty repository, as GitHub answers 404 there', async () => {
    const { gh } = await sandboxGithubClient(github, 'acme', 'empty');
    expect(
      await readRepositoryFile(gh, 'catalog-info.yaml', 'main'),
    ).toBeUndefined();
  });
});
