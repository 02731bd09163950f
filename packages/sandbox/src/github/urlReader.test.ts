import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { gitHubSimulatorIntegrations } from './integrationConfig';
import { GitHubSimulator, startGitHubSimulator } from './startGitHubSimulator';

// Loading the URL readers and real git reads under a shared CPU.
jest.setTimeout(20_000);

describe("Backstage's GitHub URL reader (the catalog's path) against the simulator", () => {
  let github: GitHubSimulator;

  beforeAll(async () => {
    github = await startGitHubSimulator();
    await github.createRepository({
      owner: 'platform',
      name: 'payments',
      files: {
        'catalog-info.yaml': 'kind: Component\nmetadata:\n  name: payments\n',
        'docs/index.md': '# Payments\n',
        'docs/runbook.md': '# Runbook\n',
      },
    });
  });
  afterAll(() => github.close());

  const reader = () =>
    UrlReaders.default({
      logger: mockServices.logger.mock(),
      config: new ConfigReader({
        integrations: gitHubSimulatorIntegrations(github),
      }),
    });

  it('reads a catalog file through the contents API, with ETag caching', async () => {
    const url = `${github.url}/platform/payments/blob/main/catalog-info.yaml`;
    const response = await reader().readUrl(url);
    expect((await response.buffer()).toString()).toContain('name: payments');
    await expect(
      reader().readUrl(url, { etag: response.etag }),
    ).rejects.toMatchObject({
      name: 'NotModifiedError',
    });
    await expect(
      reader().readUrl(
        `${github.url}/platform/payments/blob/main/missing.yaml`,
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('reads a directory tree through the tarball endpoint (TechDocs, templates)', async () => {
    const tree = await reader().readTree(
      `${github.url}/platform/payments/tree/main/docs`,
    );
    const files = await tree.files();
    const contents = await Promise.all(
      files.map(async f => [f.path, (await f.content()).toString()]),
    );
    expect(contents.sort()).toEqual([
      ['index.md', '# Payments\n'],
      ['runbook.md', '# Runbook\n'],
    ]);
  });

  it('searches with a glob through the recursive trees and blobs endpoints', async () => {
    const result = await reader().search(
      `${github.url}/platform/payments/blob/main/docs/*.md`,
    );
    expect(result.files.map(f => f.url).sort()).toEqual([
      `${github.url}/platform/payments/blob/main/docs/index.md`,
      `${github.url}/platform/payments/blob/main/docs/runbook.md`,
    ]);
    expect((await result.files[0].content()).toString()).toMatch(/^# /);
  });
});
