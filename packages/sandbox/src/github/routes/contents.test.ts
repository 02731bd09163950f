import { Octokit } from '@octokit/rest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitHubSimulator, startGitHubSimulator } from '../startGitHubSimulator';

// Each request runs several real git processes; CI shares two cores.
jest.setTimeout(15_000);

describe('GitHub simulator: contents, commits, branches and archives', () => {
  let github: GitHubSimulator;
  let octokit: Octokit;
  const owner = 'platform';
  const repo = 'catalog';

  beforeAll(async () => {
    github = await startGitHubSimulator();
    octokit = new Octokit({ baseUrl: github.apiBaseUrl, auth: github.token });
    await octokit.rest.repos.createInOrg({ org: owner, name: repo });
  });
  afterAll(() => github.close());

  it('reports an empty repository as GitHub does', async () => {
    await expect(
      octokit.rest.repos.getContent({ owner, repo, path: 'x' }),
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'This repository is empty.' } },
    });
    await expect(
      octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' }),
    ).rejects.toMatchObject({
      status: 409,
      response: { data: { message: 'Git Repository is empty.' } },
    });
  });

  it('creates, reads, updates and deletes files as real commits', async () => {
    const text = 'apiVersion: backstage.io/v1alpha1\nkind: Component\n';
    const created = await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: 'services/catalog-info.yaml',
      message: 'add entity',
      content: Buffer.from(text).toString('base64'),
    });
    expect(created.status).toBe(201);
    const fileSha = created.data.content!.sha!;
    expect(fileSha).toBe(
      execFileSync('git', ['hash-object', '--stdin'], { input: text })
        .toString()
        .trim(),
    );

    const read = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: 'services/catalog-info.yaml',
    });
    const file = read.data as {
      content: string;
      encoding: string;
      sha: string;
      type: string;
    };
    expect(file).toMatchObject({
      type: 'file',
      encoding: 'base64',
      sha: fileSha,
    });
    expect(Buffer.from(file.content, 'base64').toString()).toBe(text);

    const dir = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: 'services',
    });
    expect((dir.data as any[]).map(e => [e.name, e.type])).toEqual([
      ['catalog-info.yaml', 'file'],
    ]);

    // Updating without the blob sha is refused; with a stale sha it conflicts.
    const update = {
      owner,
      repo,
      path: 'services/catalog-info.yaml',
      message: 'edit',
      content: Buffer.from('v2').toString('base64'),
    };
    await expect(
      octokit.rest.repos.createOrUpdateFileContents(update),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.rest.repos.createOrUpdateFileContents({
        ...update,
        sha: '0'.repeat(40),
      }),
    ).rejects.toMatchObject({ status: 409 });
    const updated = await octokit.rest.repos.createOrUpdateFileContents({
      ...update,
      sha: fileSha,
    });
    expect(updated.status).toBe(200);
    expect(updated.data.commit.parents?.[0].sha).toBe(created.data.commit.sha);

    const raw = await fetch(
      `${github.apiBaseUrl}/repos/${owner}/${repo}/contents/services/catalog-info.yaml?ref=main`,
      {
        headers: {
          authorization: `token ${github.token}`,
          accept: 'application/vnd.github.v3.raw',
        },
      },
    );
    expect(await raw.text()).toBe('v2');
    const etag = raw.headers.get('etag')!;
    const cached = await fetch(
      `${github.apiBaseUrl}/repos/${owner}/${repo}/contents/services/catalog-info.yaml`,
      {
        headers: {
          authorization: `token ${github.token}`,
          'if-none-match': etag,
        },
      },
    );
    expect(cached.status).toBe(304);

    const old = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: 'services/catalog-info.yaml',
      ref: created.data.commit.sha,
    });
    expect(Buffer.from((old.data as any).content, 'base64').toString()).toBe(
      text,
    );

    await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: 'README.md',
      message: 'readme',
      content: Buffer.from('# catalog\n').toString('base64'),
    });
    await octokit.rest.repos.deleteFile({
      owner,
      repo,
      path: 'services/catalog-info.yaml',
      message: 'rm',
      sha: updated.data.content!.sha!,
    });
    await expect(
      octokit.rest.repos.getContent({
        owner,
        repo,
        path: 'services/catalog-info.yaml',
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('lists history with pagination and shows a commit with its files', async () => {
    const commits = await octokit.rest.repos.listCommits({
      owner,
      repo,
      per_page: 2,
    });
    expect(commits.data.map(c => c.commit.message)).toEqual(['rm', 'readme']);
    expect(commits.headers.link).toContain('rel="last"');
    const all = await octokit.paginate('GET /repos/{owner}/{repo}/commits', {
      owner,
      repo,
      per_page: 2,
    });
    expect(all.map(c => c.commit.message)).toEqual([
      'rm',
      'readme',
      'edit',
      'add entity',
    ]);
    const head = await octokit.rest.repos.getCommit({
      owner,
      repo,
      ref: 'main',
    });
    expect(head.data.files).toEqual([
      expect.objectContaining({
        filename: 'services/catalog-info.yaml',
        status: 'removed',
      }),
    ]);
    await expect(
      octokit.rest.repos.getCommit({ owner, repo, ref: 'nope' }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('serves branches and the combined status the URL reader uses', async () => {
    const branch = await octokit.rest.repos.getBranch({
      owner,
      repo,
      branch: 'main',
    });
    expect(branch.data).toMatchObject({ name: 'main', protected: false });
    const status = await octokit.rest.repos.getCombinedStatusForRef({
      owner,
      repo,
      ref: 'main',
    });
    expect(status.data.sha).toBe(branch.data.commit.sha);
    expect(status.data.repository.archive_url).toBe(
      `${github.apiBaseUrl}/repos/${owner}/${repo}/{archive_format}{/ref}`,
    );
  });

  it('serves tarballs of real git trees with one top-level directory', async () => {
    const head = (
      await octokit.rest.repos.getBranch({ owner, repo, branch: 'main' })
    ).data.commit.sha;
    const res = await fetch(
      `${github.apiBaseUrl}/repos/${owner}/${repo}/tarball/${head}`,
      {
        headers: { authorization: `token ${github.token}` },
      },
    );
    expect(res.status).toBe(200);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-tar-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'a.tgz'),
        Buffer.from(await res.arrayBuffer()),
      );
      const listing = execFileSync('tar', ['-tzf', path.join(dir, 'a.tgz')])
        .toString()
        .split('\n')
        .filter(Boolean);
      expect(listing).toEqual([
        `${owner}-${repo}-${head.slice(0, 7)}/`,
        `${owner}-${repo}-${head.slice(0, 7)}/README.md`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves the raw host path', async () => {
    const res = await fetch(
      `${github.url}/raw/${owner}/${repo}/main/README.md`,
      {
        headers: { authorization: `token ${github.token}` },
      },
    );
    expect(await res.text()).toBe('# catalog\n');
  });
});
