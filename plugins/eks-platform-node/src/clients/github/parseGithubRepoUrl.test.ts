import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';
import { parseGithubRepoUrl } from './parseGithubRepoUrl';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 't' }] },
  }),
);

describe('parseGithubRepoUrl', () => {
  it('reads RepoUrlPicker values', () => {
    expect(
      parseGithubRepoUrl(
        'repoUrl',
        'github.com?owner=acme&repo=cart',
        integrations,
      ),
    ).toEqual({ host: 'github.com', owner: 'acme', repo: 'cart' });
  });

  it.each([
    ['github.com?repo=cart', /missing owner/],
    [
      'gitlab.com?owner=a&repo=b',
      /no GitHub integration is configured for host "gitlab.com"/,
    ],
    ['github.com?owner=..&repo=b', /owner "\.\." is not a GitHub name/],
    [
      'github.com?owner=a&repo=b%2F..%2Fc',
      /repo "b\/\.\.\/c" is not a GitHub name/,
    ],
    ['not a url', /RepoUrlPicker format/],
  ])('refuses %s with an InputError naming the field', (value, message) => {
    const attempt = () => parseGithubRepoUrl('repoUrl', value, integrations);
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(message);
  });
});
