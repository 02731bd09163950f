import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  GitHubSimulator,
  gitHubSimulatorIntegrations,
  startGitHubSimulator,
  writeDemoTemplateHistory,
} from '@internal/eks-platform-sandbox';
import {
  ALICE,
  BOB,
  MINI_TEMPLATE_ENTITY,
  MINI_TEMPLATE_REF as TEMPLATE_REF,
  miniServiceEntity,
  miniServiceFilesAtFirstVersion,
  miniTemplateUpgradesConfig,
  ORGANISATION,
  PLATFORM,
  ROOT,
  TEAM_A,
} from '@internal/eks-platform-test-utils';
import fs from 'node:fs';
import request from 'supertest';
import eksPlatformPlugin from '..';

// The simulator, the template history and the merge run real git.
jest.setTimeout(90_000);

/** The engine's mini template, 1.0.0 then 1.1.0 (a burn-rate alert, a workflow change), in a git history (the sandbox demo's). */
function templateRepository(): string {
  return writeDemoTemplateHistory();
}

describe('POST /api/eks-platform/v1/template-upgrade/…/preview and …/pull-request', () => {
  let github: GitHubSimulator;
  let templateRepo: string;

  beforeAll(() => {
    templateRepo = templateRepository();
  });
  afterAll(() => {
    fs.rmSync(templateRepo, { recursive: true, force: true });
  });

  beforeEach(async () => {
    // "orders" generated at 1.0.0 with the template's own renderer.
    const orders = await miniServiceFilesAtFirstVersion(
      templateRepo,
      'orders',
      TEAM_A,
    );
    github = await startGitHubSimulator({
      users: ['jdoe'],
      repositories: [
        {
          owner: 'acme',
          name: 'orders',
          files: orders,
        },
        {
          owner: 'acme',
          name: 'billing',
          files: {
            'catalog-info.yaml':
              'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: billing\nspec:\n  type: service\n  owner: group:default/team-b\n  lifecycle: production\n',
          },
        },
      ],
    });
  });
  afterEach(async () => {
    await github.close();
  });

  async function startBackend(
    options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
  ) {
    const entities = [
      ...ORGANISATION,
      MINI_TEMPLATE_ENTITY,
      miniServiceEntity(github, { name: 'orders', owner: TEAM_A }),
      // Claims a repository that declares another service.
      miniServiceEntity(github, {
        name: 'impostor',
        owner: TEAM_A,
        repository: 'acme/billing',
      }),
    ];
    const { server } = await startTestBackend({
      features: [
        eksPlatformPlugin,
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            integrations: gitHubSimulatorIntegrations(github),
            eksPlatform: {
              platformAdmins: [PLATFORM],
              templateUpgrades: miniTemplateUpgradesConfig(templateRepo),
            },
          },
        }),
      ],
    });
    const route = (name: string, what = '') =>
      `/api/eks-platform/v1/template-upgrade/component/default/${name}${what}`;
    return {
      get: (name: string, as = ALICE) =>
        request(server)
          .get(route(name))
          .set('Authorization', mockCredentials.user.header(as)),
      fleet: (entityRefs: string[], as = ALICE) =>
        request(server)
          .post('/api/eks-platform/v1/template-upgrade/pull-requests')
          .set('Authorization', mockCredentials.user.header(as))
          .send({ entityRefs }),
      post: (name: string, what: string, as = ALICE, body: object = {}) =>
        request(server)
          .post(route(name, `/${what}`))
          .set('Authorization', mockCredentials.user.header(as))
          .send(body),
    };
  }

  /** The simulator's REST API, as GitHub's. */
  async function gitHub(route: string, accept = 'application/json') {
    const res = await fetch(`${github.apiBaseUrl}${route}`, {
      headers: { authorization: `token ${github.token}`, accept },
    });
    return accept === 'application/json' ? res.json() : res.text();
  }

  async function writes(repo = 'orders') {
    const pulls = await gitHub(`/repos/acme/${repo}/pulls?state=all`);
    const branches = await gitHub(`/repos/acme/${repo}/branches`);
    return {
      pulls: pulls.length,
      branches: branches.map((b: { name: string }) => b.name),
    };
  }

  it('previews the owning team’s upgrade: the diff, changelog and conflicts, writing nothing', async () => {
    const api = await startBackend();
    const res = await api.post('orders', 'preview');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      templateRef: TEMPLATE_REF,
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      upToDate: false,
      conflicts: [],
      diffTruncated: false,
      changedFiles: expect.arrayContaining([
        'chart/templates/prometheusrule.yaml',
      ]),
    });
    expect(res.body.diff).toContain('ErrorBudgetBurnRate');
    expect(res.body.changelog).toContain('1.1.0');
    expect(await writes()).toEqual({ pulls: 0, branches: ['main'] });
  });

  it('opens the pull request whose diff the preview showed, re-uses it, and GET then names it', async () => {
    const api = await startBackend();
    const preview = await api.post('orders', 'preview');
    const before = await api.get('orders');
    expect(before.body).toEqual({
      templateRef: TEMPLATE_REF,
      currentVersion: '1.0.0',
      latestVersion: '1.1.0',
      behind: true,
    });

    const opened = await api.post('orders', 'pull-request');
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      status: 'created',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      conflicts: [],
      pullRequest: { number: expect.any(Number), state: 'open' },
    });
    const { number, url } = opened.body.pullRequest;
    const diff = await gitHub(
      `/repos/acme/orders/pulls/${number}`,
      'application/vnd.github.diff',
    );
    expect(diff).toBe(preview.body.diff);

    // The GET's cached "no pull request" was dropped by the write.
    const after = await api.get('orders');
    expect(after.body.pullRequest).toEqual({ url, number, state: 'open' });

    // The fleet reads the record the route wrote, no GitHub call.
    const fleet = await api.fleet(['component:default/orders']);
    expect(fleet.status).toBe(200);
    expect(fleet.body).toEqual({
      items: [
        {
          entityRef: 'component:default/orders',
          targetVersion: '1.1.0',
          state: 'open',
          url,
          number,
          conflicts: 0,
          checkedAt: expect.any(String),
          stale: false,
        },
      ],
      errors: [],
    });

    // A platform admin outside the team: the same pull request, unchanged.
    const again = await api.post('orders', 'pull-request', ROOT);
    expect(again.body).toMatchObject({
      status: 'unchanged',
      pullRequest: { number },
    });
    expect(await writes()).toEqual({
      pulls: 1,
      branches: expect.arrayContaining(['main', 'template-upgrade/v1.1.0']),
    });
  });

  it('refuses a user outside the owning team before any GitHub write', async () => {
    const api = await startBackend();
    for (const what of ['preview', 'pull-request']) {
      const res = await api.post('orders', what, BOB);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toMatch(
        /user:default\/bob is not a member of group:default\/team-a/,
      );
    }
    expect(await writes()).toEqual({ pulls: 0, branches: ['main'] });
  });

  it('refuses a service whose repository declares another service', async () => {
    const api = await startBackend();
    const res = await api.post('impostor', 'pull-request');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /acme\/billing is not component:default\/impostor's repository/,
    );
    expect(await writes('billing')).toEqual({ pulls: 0, branches: ['main'] });
  });

  it('refuses a malformed body with what to send, before any work', async () => {
    const api = await startBackend();
    const bad = await api.post('orders', 'preview', ALICE, {
      targetVersion: 'latest',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/MAJOR\.MINOR\.PATCH/);
    const extra = await api.post('orders', 'pull-request', ALICE, {
      repoUrl: 'github.com?owner=acme&repo=billing',
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/Unknown field "repoUrl"/);
    expect(await writes()).toEqual({ pulls: 0, branches: ['main'] });
  });

  it('refuses a caller without the status permission, like the status API', async () => {
    const api = await startBackend({ permission: AuthorizeResult.DENY });
    const res = await api.post('orders', 'pull-request');
    expect(res.status).toBe(403);
    expect(await writes()).toEqual({ pulls: 0, branches: ['main'] });
  });

  it('never answers with the GitHub token', async () => {
    const api = await startBackend();
    const answers = await Promise.all([
      api.get('orders'),
      api.post('orders', 'preview'),
      api.post('impostor', 'preview'),
      api.post('orders', 'pull-request'),
    ]);
    for (const res of answers) {
      expect(JSON.stringify(res.body)).not.toContain(github.token);
    }
  });
});
