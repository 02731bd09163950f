import { Octokit } from '@octokit/rest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitHubSimulator } from './startGitHubSimulator';

describe('startGitHubSimulator', () => {
  it('seeds repositories and keeps git content across restarts with the same dataDir', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-data-'));
    try {
      const first = await startGitHubSimulator({
        dataDir,
        repositories: [
          {
            owner: 'platform',
            name: 'gitops',
            defaultBranch: 'trunk',
            files: { 'apps/README.md': 'apps\n' },
          },
        ],
      });
      const octokit1 = new Octokit({
        baseUrl: first.apiBaseUrl,
        auth: first.token,
      });
      await octokit1.rest.repos.createOrUpdateFileContents({
        owner: 'platform',
        repo: 'gitops',
        path: 'apps/a.yaml',
        message: 'a',
        branch: 'trunk',
        content: Buffer.from('a: 1\n').toString('base64'),
      });
      await first.close();
      expect(
        fs.existsSync(path.join(dataDir, 'repos/platform/gitops.git')),
      ).toBe(true);

      const second = await startGitHubSimulator({
        dataDir,
        repositories: [
          {
            owner: 'platform',
            name: 'gitops',
            files: { 'other.md': 'ignored: already there' },
          },
        ],
      });
      try {
        const octokit2 = new Octokit({
          baseUrl: second.apiBaseUrl,
          auth: second.token,
        });
        const repo = await octokit2.rest.repos.get({
          owner: 'platform',
          repo: 'gitops',
        });
        expect(repo.data.default_branch).toBe('trunk');
        const dir = await octokit2.rest.repos.getContent({
          owner: 'platform',
          repo: 'gitops',
          path: 'apps',
        });
        expect((dir.data as any[]).map(e => e.name)).toEqual([
          'README.md',
          'a.yaml',
        ]);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('records every request that changes something, not reads', async () => {
    const github = await startGitHubSimulator({
      repositories: [{ owner: 'acme', name: 'app', files: { 'a.md': 'a' } }],
    });
    try {
      const octokit = new Octokit({
        baseUrl: github.apiBaseUrl,
        auth: github.token,
      });
      await octokit.rest.repos.get({ owner: 'acme', repo: 'app' });
      await octokit.rest.repos.getContent({
        owner: 'acme',
        repo: 'app',
        path: 'a.md',
      });
      expect(github.writeRequests).toEqual([]);
      await octokit.request(
        'PUT /repos/{owner}/{repo}/environments/{environment_name}',
        { owner: 'acme', repo: 'app', environment_name: 'prod' },
      );
      await octokit
        .request(
          'DELETE /repos/{owner}/{repo}/environments/{environment_name}',
          {
            owner: 'acme',
            repo: 'missing',
            environment_name: 'prod',
          },
        )
        .catch(() => undefined);
      expect(github.writeRequests).toEqual([
        'PUT /api/v3/repos/acme/app/environments/prod',
        'DELETE /api/v3/repos/acme/missing/environments/prod',
      ]);
    } finally {
      await github.close();
    }
  });

  it('removes its own temporary dataDir on close', async () => {
    const github = await startGitHubSimulator();
    expect(fs.existsSync(github.dataDir)).toBe(true);
    await github.close();
    expect(fs.existsSync(github.dataDir)).toBe(false);
  });

  it('rejects invalid failure rules before they can confuse a test', async () => {
    const github = await startGitHubSimulator();
    try {
      expect(() => github.setFailure({ status: 200 })).toThrow(
        /status must be 400-599/,
      );
    } finally {
      await github.close();
    }
  });
});
