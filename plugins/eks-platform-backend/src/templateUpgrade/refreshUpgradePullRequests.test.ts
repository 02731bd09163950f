import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ServiceUpgrades } from '@internal/backstage-plugin-eks-platform-node';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { pluginDatabase } from '../__testUtils__/pluginDatabase';
import { Knex, migrateScoreHistory } from '../scorecard/ScoreHistoryStore';
import { TemplateVersions } from '../scorecard/TemplateVersions';
import { refreshUpgradePullRequests } from './refreshUpgradePullRequests';
import { UpgradePullRequestStore } from './UpgradePullRequestStore';

// The simulator is a real HTTP server over real git repositories.
jest.setTimeout(60_000);

const TEMPLATE_REF = 'template:default/mini-service';
const BRANCH = 'template-upgrade/v1.1.0';
const REPOS = ['orders', 'billing', 'ledger', 'cart'];

describe('refreshUpgradePullRequests against the sandbox GitHub', () => {
  let github: GitHubSimulator;
  let knex: Knex;
  let store: UpgradePullRequestStore;
  let clock: Date;

  beforeEach(async () => {
    github = await startGitHubSimulator({
      repositories: REPOS.map(name => ({
        owner: 'acme',
        name,
        files: { 'README.md': `# ${name}\n` },
      })),
    });
    knex = await pluginDatabase();
    await migrateScoreHistory(knex);
    store = new UpgradePullRequestStore(knex);
    clock = new Date('2026-11-30T10:00:00.000Z');
  });
  afterEach(async () => {
    await github.close();
    await knex.destroy();
  });

  /** The simulator's REST API, as GitHub's. */
  async function gitHub(method: string, route: string, body?: object) {
    const res = await fetch(`${github.apiBaseUrl}${route}`, {
      method,
      headers: {
        authorization: `token ${github.token}`,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status}`);
    return res.json();
  }

  /** What the engine does, by hand: the upgrade branch with one commit, and its pull request. */
  async function openUpgradePull(repo: string): Promise<number> {
    const main = await gitHub('GET', `/repos/acme/${repo}/git/ref/heads/main`);
    await gitHub('POST', `/repos/acme/${repo}/git/refs`, {
      ref: `refs/heads/${BRANCH}`,
      sha: main.object.sha,
    });
    await github.pushCommit('acme', repo, {
      files: { 'chart/values.yaml': 'replicas: 2\n' },
      branch: BRANCH,
    });
    const pull = await gitHub('POST', `/repos/acme/${repo}/pulls`, {
      title: 'Upgrade to 1.1.0',
      head: BRANCH,
      base: 'main',
    });
    return pull.number;
  }

  const service = (name: string, version = '1.0.0'): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'github.com/project-slug': `acme/${name}`,
        'backstage.io/managed-by-location': `url:http://${github.host}/acme/${name}/blob/main/catalog-info.yaml`,
        'eks.platform/template-ref': TEMPLATE_REF,
        'eks.platform/template-version': version,
      },
    },
    spec: { type: 'service', owner: 'group:default/team-a' },
  });

  function refresher(
    entities: Entity[],
    options: { batchSize?: number; concurrency?: number } = {},
  ) {
    const catalog = catalogServiceMock({
      entities: [
        {
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          kind: 'Template',
          metadata: {
            name: 'mini-service',
            namespace: 'default',
            annotations: { 'eks.platform/template-version': '1.1.0' },
          },
          spec: {},
        },
        ...entities,
      ],
    });
    const auth = mockServices.auth();
    const finder = new ServiceUpgrades({
      catalog,
      auth,
      config: new ConfigReader({
        integrations: {
          github: [
            {
              host: github.host,
              apiBaseUrl: github.apiBaseUrl,
              token: github.token,
            },
          ],
        },
        // One attempt: a failure shows at once, not after retries.
        eksPlatform: { actions: { retry: { attempts: 1 } } },
      }),
    });
    const templateVersions = new TemplateVersions({ catalog, auth });
    return () =>
      refreshUpgradePullRequests({
        catalog,
        auth,
        finder,
        store,
        templateVersions,
        logger: mockServices.logger.mock(),
        batchSize: options.batchSize ?? 50,
        concurrency: options.concurrency ?? 2,
        now: () => clock,
      });
  }

  const stateOf = async (name: string) =>
    (await store.read([`component:default/${name}`])).get(
      `component:default/${name}`,
    );

  it('follows each pull request from open to merged or closed, over real HTTP', async () => {
    const ordersPull = await openUpgradePull('orders');
    const billingPull = await openUpgradePull('billing');
    const refresh = refresher([
      service('orders'),
      service('billing'),
      service('ledger'),
      // Up to date: never asked about.
      service('cart', '1.1.0'),
    ]);

    expect(await refresh()).toEqual({
      behind: 3,
      checked: 3,
      failed: 0,
      rateLimited: false,
    });
    expect(await stateOf('orders')).toEqual([
      expect.objectContaining({
        targetVersion: '1.1.0',
        state: 'open',
        number: ordersPull,
        url: expect.stringContaining(`/acme/orders/pull/${ordersPull}`),
        checkedAt: clock,
      }),
    ]);
    expect((await stateOf('billing'))?.[0].state).toBe('open');
    expect((await stateOf('ledger'))?.[0]).toMatchObject({ state: 'none' });
    expect(await stateOf('cart')).toBeUndefined();

    // Merged through the simulator's merge route; billing's closed unmerged.
    await gitHub('PUT', `/repos/acme/orders/pulls/${ordersPull}/merge`, {
      merge_method: 'merge',
    });
    await gitHub('PATCH', `/repos/acme/billing/pulls/${billingPull}`, {
      state: 'closed',
    });
    clock = new Date('2026-11-30T10:10:00.000Z');
    expect((await refresh()).checked).toBe(3);
    expect((await stateOf('orders'))?.[0]).toMatchObject({
      state: 'merged',
      number: ordersPull,
      checkedAt: clock,
    });
    expect((await stateOf('billing'))?.[0]).toMatchObject({
      state: 'closed',
      number: billingPull,
    });

    // Merged and closed are final for the version: only ledger is asked again.
    const listed = (repo: string) =>
      [...github.requestCounts]
        .filter(([key]) => key.endsWith(`GET /api/v3/repos/acme/${repo}/pulls`))
        .reduce((sum, [, n]) => sum + n, 0);
    const before = listed('orders');
    expect(before).toBe(2);
    expect((await refresh()).checked).toBe(1);
    expect(listed('orders')).toBe(before);
  });

  it('finds a pull request opened outside the portal on a service last seen without one', async () => {
    const refresh = refresher([service('ledger')]);
    await refresh();
    expect((await stateOf('ledger'))?.[0].state).toBe('none');
    const number = await openUpgradePull('ledger');
    clock = new Date('2026-11-30T10:10:00.000Z');
    await refresh();
    expect((await stateOf('ledger'))?.[0]).toMatchObject({
      state: 'open',
      number,
    });
  });

  it('keeps the last state of a service GitHub fails for, marked failed, and refreshes the others', async () => {
    await openUpgradePull('orders');
    const ledgerPull = await openUpgradePull('ledger');
    const refresh = refresher([service('orders'), service('ledger')]);
    await refresh();
    github.setFailure({
      method: 'GET',
      pathPattern: '/repos/acme/ledger/pulls',
      status: 502,
      times: 5,
    });
    const failedAt = new Date('2026-11-30T10:10:00.000Z');
    clock = failedAt;
    expect(await refresh()).toMatchObject({
      checked: 1,
      failed: 1,
      rateLimited: false,
    });
    expect((await stateOf('ledger'))?.[0]).toMatchObject({
      state: 'open',
      number: ledgerPull,
      checkedAt: new Date('2026-11-30T10:00:00.000Z'),
      failedAt,
    });
    expect((await stateOf('orders'))?.[0]).toMatchObject({
      state: 'open',
      checkedAt: failedAt,
    });
  });

  it('stops the run when GitHub rate limits the token, leaving the rest for the next run', async () => {
    const refresh = refresher(
      REPOS.map(name => service(name)),
      { concurrency: 1 },
    );
    github.setFailure({
      method: 'GET',
      pathPattern: /\/pulls$/,
      status: 403,
      retryAfterSeconds: 60,
      times: 1,
    });
    expect(await refresh()).toEqual({
      behind: 4,
      checked: 0,
      failed: 1,
      rateLimited: true,
    });
    // The next run asks about every service again.
    expect(await refresh()).toMatchObject({ checked: 4, failed: 0 });
  });
});
