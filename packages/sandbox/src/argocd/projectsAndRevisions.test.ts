import { Octokit } from '@octokit/rest';
import { type GitHubSimulator, startGitHubSimulator } from '../github';
import { type ArgoCdSimulator, startArgoCdSimulator } from './server';

/*
 * The parts of the Argo CD simulator the platform's registration and
 * promotion rely on: the project API (create, update, delete, validation)
 * and sources resolved against real git, so a merged pull request in the
 * GitHub simulator moves what an Application reports it synced.
 */

const TOKEN = 'sandbox-argocd-token';

function project(name: string, destinations: unknown[], sourceRepos = ['*']) {
  return {
    metadata: { name, labels: { 'eks.platform/owner': name } },
    spec: { sourceRepos, destinations },
  };
}

describe('Argo CD simulator: projects', () => {
  let argo: ArgoCdSimulator;
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${argo.url}${path}`, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${TOKEN}`,
      },
    });

  beforeEach(async () => {
    argo = await startArgoCdSimulator({ reconcileDelayMs: 10 });
  });
  afterEach(() => argo.close());

  it('creates, updates (PUT with { project }) and deletes a project', async () => {
    const created = await call('/api/v1/projects', {
      method: 'POST',
      body: JSON.stringify({
        project: project('team-a', [{ server: 'https://dev', namespace: 'a' }]),
      }),
    });
    expect(created.status).toBe(200);
    const body = await created.json();
    const updated = await call('/api/v1/projects/team-a', {
      method: 'PUT',
      body: JSON.stringify({
        project: {
          ...body,
          spec: {
            ...body.spec,
            destinations: [
              { server: 'https://dev', namespace: 'a' },
              { name: 'prod', namespace: 'a' },
            ],
          },
        },
      }),
    });
    expect(updated.status).toBe(200);
    expect((await updated.json()).spec.destinations).toHaveLength(2);
    expect(
      argo.projects().find(p => p.metadata.name === 'team-a')?.metadata.uid,
    ).toBe(body.metadata.uid);

    const deleted = await call('/api/v1/projects/team-a', { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(argo.projects().map(p => p.metadata.name)).toEqual(['default']);
  });

  it('answers 404 for an update of a missing project and 400 for a name that differs from the path', async () => {
    const missing = await call('/api/v1/projects/ghost', {
      method: 'PUT',
      body: JSON.stringify({ project: project('ghost', []) }),
    });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe(
      'appprojects.argoproj.io "ghost" not found',
    );
    const other = await call('/api/v1/projects/ghost', {
      method: 'PUT',
      body: JSON.stringify({ project: project('team-b', []) }),
    });
    expect(other.status).toBe(400);
  });

  it('refuses a destination without server or name, and deleting a project in use', async () => {
    const invalid = await call('/api/v1/projects', {
      method: 'POST',
      body: JSON.stringify({ project: project('bad', [{ namespace: 'x' }]) }),
    });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error).toContain(
      'destination must have a server or a name',
    );

    await call('/api/v1/projects', {
      method: 'POST',
      body: JSON.stringify({
        project: project('team-a', [{ server: 'https://dev', namespace: 'a' }]),
      }),
    });
    await call('/api/v1/applications', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: 'svc-dev' },
        spec: {
          project: 'team-a',
          source: { repoURL: 'https://git.example/x.git', path: 'chart' },
          destination: { server: 'https://dev', namespace: 'a' },
        },
      }),
    });
    const inUse = await call('/api/v1/projects/team-a', { method: 'DELETE' });
    expect(inUse.status).toBe(400);
    expect((await inUse.json()).error).toBe(
      'project is referenced by 1 applications',
    );
  });

  it('refuses an application destination with both name and server', async () => {
    const response = await call('/api/v1/applications', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: 'both' },
        spec: {
          source: { repoURL: 'https://git.example/x.git', path: 'chart' },
          destination: { server: 'https://dev', name: 'dev', namespace: 'a' },
        },
      }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(
      "application destination can't have both name and server defined: dev https://dev",
    );
  });
});

describe('Argo CD simulator: sources resolved with git ls-remote', () => {
  let github: GitHubSimulator;
  let argo: ArgoCdSimulator;
  let octokit: Octokit;

  beforeEach(async () => {
    github = await startGitHubSimulator({
      owners: ['platform'],
      repositories: [
        {
          owner: 'platform',
          name: 'gitops',
          files: { 'apps/svc/dev/values.yaml': 'image:\n  tag: one\n' },
        },
      ],
    });
    argo = await startArgoCdSimulator({
      reconcileDelayMs: 10,
      repositories: [
        {
          url: `${github.url}/git/`,
          username: 'x-access-token',
          password: 'sandbox-github-token',
        },
      ],
    });
    octokit = new Octokit({
      auth: 'sandbox-github-token',
      baseUrl: github.apiBaseUrl,
    });
  });
  afterEach(async () => {
    await argo.close();
    await github.close();
  });

  const headOfMain = async () =>
    (
      await octokit.rest.git.getRef({
        owner: 'platform',
        repo: 'gitops',
        ref: 'heads/main',
      })
    ).data.object.sha;

  const getApp = async (query = '') =>
    (
      await fetch(`${argo.url}/api/v1/applications/svc-dev${query}`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      })
    ).json();

  async function waitForSynced(values: string) {
    for (let i = 0; i < 200; i++) {
      const app = await getApp();
      if (
        app.status.sync.status === 'Synced' &&
        app.status.sync.revisions?.[1] === values
      ) {
        return app;
      }
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    throw new Error(`never synced ${values}`);
  }

  it('reports the real commit of each source, and syncs a new commit after a merge and a refresh', async () => {
    const gitops = `${github.url}/git/platform/gitops.git`;
    const created = await fetch(`${argo.url}/api/v1/applications`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        metadata: { name: 'svc-dev' },
        spec: {
          sources: [
            {
              repoURL: 'https://git.example/acme/svc.git',
              path: 'chart',
              targetRevision: 'main',
              helm: { valueFiles: ['$values/apps/svc/dev/values.yaml'] },
            },
            { repoURL: gitops, targetRevision: 'main', ref: 'values' },
          ],
          destination: { server: 'https://dev', namespace: 'a' },
          syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
      }),
    });
    expect(created.status).toBe(200);
    const first = await headOfMain();
    const synced = await waitForSynced(first);
    // The chart repository has no credentials: a stable made-up commit.
    const [chartRevision, valuesRevision] = synced.status.sync.revisions;
    expect(chartRevision).toMatch(/^[0-9a-f]{40}$/);
    expect(valuesRevision).toBe(first);
    expect(synced.status.sync.revision).toBeUndefined();
    expect(synced.status.history.at(-1).revisions).toEqual([
      chartRevision,
      first,
    ]);

    // A pull request merged in the GitOps repository moves main.
    const { data: pr } = await octokit.rest.git
      .createBlob({
        owner: 'platform',
        repo: 'gitops',
        content: 'image:\n  tag: two\n',
      })
      .then(async ({ data: blob }) => {
        const base = await octokit.rest.git.getCommit({
          owner: 'platform',
          repo: 'gitops',
          commit_sha: first,
        });
        const tree = await octokit.rest.git.createTree({
          owner: 'platform',
          repo: 'gitops',
          base_tree: base.data.tree.sha,
          tree: [
            {
              path: 'apps/svc/dev/values.yaml',
              mode: '100644',
              type: 'blob',
              sha: blob.sha,
            },
          ],
        });
        const commit = await octokit.rest.git.createCommit({
          owner: 'platform',
          repo: 'gitops',
          message: 'bump',
          tree: tree.data.sha,
          parents: [first],
        });
        await octokit.rest.git.createRef({
          owner: 'platform',
          repo: 'gitops',
          ref: 'refs/heads/bump',
          sha: commit.data.sha,
        });
        return octokit.rest.pulls.create({
          owner: 'platform',
          repo: 'gitops',
          head: 'bump',
          base: 'main',
          title: 'bump',
        });
      });
    await octokit.rest.pulls.merge({
      owner: 'platform',
      repo: 'gitops',
      pull_number: pr.number,
      merge_method: 'squash',
    });
    const second = await headOfMain();
    expect(second).not.toBe(first);

    // Without a refresh Argo CD has not looked yet.
    expect((await getApp()).status.sync.revisions[1]).toBe(first);
    const refreshed = await getApp('?refresh=normal');
    expect(refreshed.status.sync.status).toBe('OutOfSync');
    expect(refreshed.status.operationState.phase).toBe('Running');
    const resynced = await waitForSynced(second);
    expect(resynced.status.sync.revisions[0]).toBe(chartRevision);
    expect(resynced.status.health.status).toBe('Healthy');
    expect(resynced.status.history).toHaveLength(2);
  });

  it('leaves a quiet app alone on refresh', async () => {
    await fetch(`${argo.url}/api/v1/applications`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        metadata: { name: 'svc-dev' },
        spec: {
          source: {
            repoURL: `${github.url}/git/platform/gitops.git`,
            path: 'apps/svc/dev',
            targetRevision: 'main',
          },
          destination: { server: 'https://dev', namespace: 'a' },
          syncPolicy: { automated: {} },
        },
      }),
    });
    const head = await headOfMain();
    for (let i = 0; i < 200; i++) {
      if ((await getApp()).status.sync.status === 'Synced') break;
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    const refreshed = await getApp('?refresh=hard');
    expect(refreshed.status.sync).toMatchObject({
      status: 'Synced',
      revision: head,
    });
    expect(refreshed.status.history).toHaveLength(1);
  });
});
