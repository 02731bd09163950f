import { sandboxApplication } from './seed';
import type { ApplicationRequest } from './types';
import { type ArgoCdSimulator, startArgoCdSimulator } from './server';

const TOKEN = 'sandbox-argocd-token';

function appBody(name: string, overrides: Record<string, unknown> = {}) {
  return {
    metadata: { name, labels: { 'backstage.io/kubernetes-id': name } },
    spec: {
      project: 'default',
      source: {
        repoURL: 'http://127.0.0.1:7130/git/platform/gitops.git',
        path: `apps/${name}`,
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: name,
      },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
      ...overrides,
    },
  };
}

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

describe('Argo CD simulator', () => {
  let argo: ArgoCdSimulator;
  const call = (
    path: string,
    init: RequestInit = {},
    token: string | null = TOKEN,
  ) =>
    fetch(`${argo.url}${path}`, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(init.headers as Record<string, string>),
      },
    });
  const create = (body: unknown, query = '') =>
    call(`/api/v1/applications${query}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    argo = await startArgoCdSimulator({ reconcileDelayMs: 30 });
  });
  afterEach(() => argo.close());

  it('creates an application that an automated sync turns Synced and Healthy', async () => {
    const response = await create(appBody('payments'));
    expect(response.status).toBe(200);
    const created = await response.json();
    expect(created.metadata).toMatchObject({
      name: 'payments',
      namespace: 'argocd',
      generation: 1,
    });
    expect(created.status.sync.status).toBe('OutOfSync');
    expect(created.status.health.status).toBe('Progressing');
    expect(created.status.operationState.phase).toBe('Running');

    const synced = await waitFor(
      async () => (await call('/api/v1/applications/payments')).json(),
      app => app.status.sync.status === 'Synced',
    );
    expect(synced.status.health.status).toBe('Healthy');
    expect(synced.status.sync.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(synced.status.operationState).toMatchObject({ phase: 'Succeeded' });
    expect(Date.parse(synced.status.operationState.finishedAt)).not.toBeNaN();
    expect(Date.parse(synced.status.reconciledAt)).not.toBeNaN();
    expect(argo.applications()).toHaveLength(1);
  });

  it('leaves an app without automated sync OutOfSync/Missing until a manual sync', async () => {
    await create(appBody('manual', { syncPolicy: undefined }));
    await new Promise(resolve => setTimeout(resolve, 60));
    const idle = await (await call('/api/v1/applications/manual')).json();
    expect(idle.status.sync.status).toBe('OutOfSync');
    expect(idle.status.health.status).toBe('Missing');

    const sync = await call('/api/v1/applications/manual/sync', {
      method: 'POST',
      body: JSON.stringify({ prune: true }),
    });
    expect(sync.status).toBe(200);
    const synced = await waitFor(
      async () => (await call('/api/v1/applications/manual')).json(),
      app => app.status.sync.status === 'Synced',
    );
    expect(synced.status.operationState.operation.initiatedBy).toEqual({
      username: 'admin',
    });
  });

  it('refuses a second sync while one is running', async () => {
    const slow = await startArgoCdSimulator({ reconcileDelayMs: 60_000 });
    try {
      const sync = () =>
        fetch(`${slow.url}/api/v1/applications/manual/sync`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${TOKEN}` },
          body: '{}',
        });
      await fetch(`${slow.url}/api/v1/applications`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify(appBody('manual', { syncPolicy: undefined })),
      });
      expect((await sync()).status).toBe(200);
      const again = await sync();
      expect(again.status).toBe(400);
      expect(await again.json()).toEqual({
        error: 'another operation is already in progress',
        code: 9,
        message: 'another operation is already in progress',
      });
    } finally {
      await slow.close();
    }
  });

  it('returns the existing app for an identical create and rejects a different spec without upsert', async () => {
    const first = await (await create(appBody('orders'))).json();
    const same = await create(appBody('orders'));
    expect(same.status).toBe(200);
    expect((await same.json()).metadata.uid).toBe(first.metadata.uid);

    const changed = appBody('orders');
    changed.spec.destination.namespace = 'orders-v2';
    const conflict = await create(changed, '?upsert=false');
    expect(conflict.status).toBe(400);
    expect(await conflict.json()).toEqual({
      error:
        'existing application spec is different, use upsert flag to force update',
      code: 3,
      message:
        'existing application spec is different, use upsert flag to force update',
    });

    const upserted = await create(changed, '?upsert=true');
    expect(upserted.status).toBe(200);
    const body = await upserted.json();
    expect(body.spec.destination.namespace).toBe('orders-v2');
    expect(body.metadata.generation).toBe(2);
    expect(body.metadata.uid).toBe(first.metadata.uid);
  });

  it('answers 401 with Argo CD bodies for missing and wrong tokens, and accepts the cookie', async () => {
    const missing = await call('/api/v1/applications', {}, null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: 'no session information',
      code: 16,
      message: 'no session information',
    });
    const wrong = await call('/api/v1/applications', {}, 'not-the-token');
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toMatch(/^invalid session: /);
    const cookie = await call(
      '/api/v1/applications',
      { headers: { Cookie: `argocd.token=${TOKEN}` } },
      null,
    );
    expect(cookie.status).toBe(200);

    expect(
      await (await call('/api/v1/session/userinfo', {}, 'nope')).json(),
    ).toEqual({ loggedIn: false });
    expect(await (await call('/api/v1/session/userinfo')).json()).toMatchObject(
      {
        loggedIn: true,
        username: 'admin',
      },
    );
  });

  it('lets a read-only account read and answers 403 PermissionDenied to its writes', async () => {
    await argo.close();
    argo = await startArgoCdSimulator({
      reconcileDelayMs: 30,
      readOnlyToken: 'read-only-token',
    });
    expect((await create(appBody('cart'))).status).toBe(200);
    const read = await call('/api/v1/applications/cart', {}, 'read-only-token');
    expect(read.status).toBe(200);
    expect((await read.json()).metadata.name).toBe('cart');
    const write = await call(
      '/api/v1/applications/cart',
      { method: 'DELETE' },
      'read-only-token',
    );
    expect(write.status).toBe(403);
    expect((await write.json()).code).toBe(7);
    expect(argo.applications().map(a => a.metadata.name)).toEqual(['cart']);
    // Refused or not, both asked for a change; the read did not.
    expect(argo.writeRequests).toEqual([
      'POST /api/v1/applications',
      'DELETE /api/v1/applications/cart',
    ]);
  });

  it('answers 404 with the Kubernetes not-found message', async () => {
    const response = await call('/api/v1/applications/ghost');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'applications.argoproj.io "ghost" not found',
      code: 5,
      message: 'applications.argoproj.io "ghost" not found',
    });
    expect((await call('/api/v1/projects/ghost')).status).toBe(404);
  });

  it('rejects unknown projects, incomplete sources and destinations the project forbids', async () => {
    const unknown = await create(appBody('svc', { project: 'nope' }));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).message).toBe(
      'error while validating and normalizing app: application references project nope which does not exist',
    );

    const noPath = appBody('svc');
    delete (noPath.spec.source as { path?: string }).path;
    const incomplete = await create(noPath);
    expect(incomplete.status).toBe(400);
    expect((await incomplete.json()).message).toContain(
      'spec.source.repoURL and either spec.source.path, spec.source.chart, or spec.source.ref are required',
    );
    expect((await create(noPath, '?validate=false')).status).toBe(200);

    await call('/api/v1/projects', {
      method: 'POST',
      body: JSON.stringify({
        project: {
          metadata: { name: 'team-a' },
          spec: {
            sourceRepos: ['http://127.0.0.1:7130/git/platform/*'],
            destinations: [
              {
                server: 'https://kubernetes.default.svc',
                namespace: 'team-a-*',
              },
            ],
          },
        },
      }),
    });
    const forbidden = await create(appBody('team-svc', { project: 'team-a' }));
    expect(forbidden.status).toBe(400);
    expect((await forbidden.json()).message).toContain(
      "application destination server 'https://kubernetes.default.svc' and namespace 'team-svc' do not match any of the allowed destinations in project 'team-a'",
    );
    const allowed = appBody('team-svc', { project: 'team-a' });
    allowed.spec.destination.namespace = 'team-a-svc';
    expect((await create(allowed)).status).toBe(200);
  });

  it('lists by label selector, project and name', async () => {
    await create(appBody('a'));
    await create({
      ...appBody('b'),
      metadata: { name: 'b', labels: { team: 'core' } },
    });
    const list = async (query: string) =>
      (
        (await (await call(`/api/v1/applications${query}`)).json())
          .items as Array<{ metadata: { name: string } }>
      ).map(app => app.metadata.name);
    expect(await list('')).toEqual(['a', 'b']);
    expect(await list('?selector=team%3Dcore')).toEqual(['b']);
    expect(
      await list('?selector=backstage.io%2Fkubernetes-id%20in%20(a%2Cz)'),
    ).toEqual(['a']);
    expect(await list('?projects=default&name=a')).toEqual(['a']);
    expect(await list('?projects=other')).toEqual([]);
    const bad = await call('/api/v1/applications?selector=a%20in%20b');
    expect(bad.status).toBe(400);
  });

  it('refreshes an application on GET ?refresh=normal', async () => {
    const created = await (await create(appBody('web'))).json();
    const refreshed = await (
      await call('/api/v1/applications/web?refresh=normal')
    ).json();
    expect(Number(refreshed.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    expect((await call('/api/v1/applications/ghost?refresh=hard')).status).toBe(
      404,
    );
  });

  it('updates and deletes applications', async () => {
    await create(appBody('web'));
    const changed = appBody('web');
    changed.spec.source.targetRevision = 'release';
    const updated = await call('/api/v1/applications/web', {
      method: 'PUT',
      body: JSON.stringify(changed),
    });
    expect(updated.status).toBe(200);
    expect((await updated.json()).spec.source.targetRevision).toBe('release');
    expect(
      (
        await call('/api/v1/applications/nope', {
          method: 'PUT',
          body: JSON.stringify(changed),
        })
      ).status,
    ).toBe(404);
    expect(
      (await call('/api/v1/applications/web', { method: 'DELETE' })).status,
    ).toBe(200);
    expect((await call('/api/v1/applications/web')).status).toBe(404);
  });

  it('creates projects with Argo CD upsert semantics', async () => {
    const project = {
      metadata: { name: 'team-b' },
      spec: { sourceRepos: ['*'] },
    };
    const post = (body: unknown) =>
      call('/api/v1/projects', { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ project })).status).toBe(200);
    expect((await post({ project })).status).toBe(200);
    const different = await post({
      project: { ...project, spec: { sourceRepos: ['x'] } },
    });
    expect(different.status).toBe(400);
    expect((await different.json()).message).toBe(
      'existing project spec is different; use upsert flag to force update',
    );
    expect(
      (
        await post({
          project: { ...project, spec: { sourceRepos: ['x'] } },
          upsert: true,
        })
      ).status,
    ).toBe(200);
    const listed = await (await call('/api/v1/projects')).json();
    expect(
      listed.items.map((p: { metadata: { name: string } }) => p.metadata.name),
    ).toEqual(['default', 'team-b']);
    expect(
      argo.projects().find(p => p.metadata.name === 'team-b')?.spec.sourceRepos,
    ).toEqual(['x']);
  });

  it('lets tests force health and sync status', async () => {
    await create(appBody('flaky'));
    await waitFor(
      async () => (await call('/api/v1/applications/flaky')).json(),
      app => app.status.sync.status === 'Synced',
    );
    argo.setApplicationStatus('flaky', {
      health: 'Degraded',
      healthMessage: 'CrashLoopBackOff',
      sync: 'OutOfSync',
    });
    const degraded = await (await call('/api/v1/applications/flaky')).json();
    expect(degraded.status.health).toEqual({
      status: 'Degraded',
      message: 'CrashLoopBackOff',
    });
    expect(degraded.status.sync.status).toBe('OutOfSync');
  });

  it('injects failures with Retry-After, a limited number of times', async () => {
    argo.setFailure({
      operation: 'createApplication',
      status: 429,
      retryAfterSeconds: 2,
      times: 1,
    });
    const throttled = await create(appBody('x'));
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect((await throttled.json()).code).toBe(8);
    expect((await create(appBody('x'))).status).toBe(200);

    argo.setFailure({ operation: 'getApplication', status: 503 });
    expect((await call('/api/v1/applications/x')).status).toBe(503);
    expect((await call('/api/v1/applications/x')).status).toBe(503);
    expect((await call('/api/v1/applications')).status).toBe(200);
    argo.clearFailures();
    expect((await call('/api/v1/applications/x')).status).toBe(200);
  });

  it('can hang a call until the client gives up', async () => {
    argo.setFailure({ operation: 'listApplications', hang: true, times: 1 });
    await expect(
      call('/api/v1/applications', { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    expect((await call('/api/v1/applications')).status).toBe(200);
  });

  it('starts a seeded application without automated sync OutOfSync (its branch moved since its last sync) until someone syncs it', async () => {
    const seeded = await startArgoCdSimulator({
      reconcileDelayMs: 10,
      applications: [
        appBody('manual-seed', { syncPolicy: undefined }) as ApplicationRequest,
      ],
    });
    try {
      const [app] = seeded.applications();
      expect(app.status.sync.status).toBe('OutOfSync');
      // The commit before still runs: healthy, deployed once, not the branch's head.
      expect(app.status.health.status).toBe('Healthy');
      expect(app.status.history).toHaveLength(1);
      const deployed = app.status.sync.revision;
      expect(deployed).toMatch(/^[0-9a-f]{40}$/);
      const headers = { Authorization: 'Bearer sandbox-argocd-token' };
      // A refresh compares again and finds it still behind: no sync on its own.
      await fetch(
        `${seeded.url}/api/v1/applications/manual-seed?refresh=normal`,
        { headers },
      );
      expect(seeded.applications()[0].status.sync.status).toBe('OutOfSync');

      const sync = await fetch(
        `${seeded.url}/api/v1/applications/manual-seed/sync`,
        { method: 'POST', headers, body: '{}' },
      );
      expect(sync.status).toBe(200);
      const synced = await waitFor(
        async () => seeded.applications()[0],
        a => a.status.sync.status === 'Synced',
      );
      expect(synced.status.sync.revision).not.toBe(deployed);
      expect(synced.status.health.status).toBe('Healthy');
    } finally {
      await seeded.close();
    }
  });

  it('starts with seeded projects and synced applications', async () => {
    const seeded = await startArgoCdSimulator({
      projects: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'AppProject',
          metadata: { name: 'demo' },
          spec: {
            sourceRepos: ['*'],
            destinations: [{ server: '*', namespace: '*' }],
          },
        },
      ],
      applications: [
        appBody('catalog', { project: 'demo' }) as ApplicationRequest,
        sandboxApplication({
          service: 'payments',
          environment: 'prod',
          namespace: 'payments',
          server: 'http://127.0.0.1:7103',
          repoURL: 'http://127.0.0.1:7130/git/platform/gitops.git',
        }),
      ],
    });
    try {
      const apps = seeded.applications();
      expect(apps.map(app => app.metadata.name)).toEqual([
        'catalog',
        'payments-prod',
      ]);
      for (const app of apps) {
        expect(app.status.sync.status).toBe('Synced');
        expect(app.status.health.status).toBe('Healthy');
        expect(app.status.operationState?.finishedAt).toBeDefined();
      }
    } finally {
      await seeded.close();
    }
  });
});
