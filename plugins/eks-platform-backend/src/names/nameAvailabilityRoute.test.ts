import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  GitHubSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import request from 'supertest';
import eksPlatformPlugin from '..';
import {
  groupEntity as group,
  userEntity as user,
} from '@internal/eks-platform-test-utils';

// A real GitHub simulator over HTTP and a real backend.
jest.setTimeout(60_000);

const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

const catalogInfo = (name: string, owner: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  owner: ${owner}\n  lifecycle: production\n`;

describe('GET /api/eks-platform/v1/names/:name/availability', () => {
  let github: GitHubSimulator;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    github = await startGitHubSimulator({
      owners: ['acme', 'platform'],
      repositories: [
        // Exists in the platform's organisation, in no catalog.
        {
          owner: 'acme',
          name: 'billing',
          files: { 'README.md': '# billing\n' },
        },
        // Team A's service, whose run stopped before registration.
        {
          owner: 'acme',
          name: 'orders',
          files: { 'catalog-info.yaml': catalogInfo('orders', TEAM_A) },
        },
        // Created but never pushed (an interrupted publish).
        { owner: 'acme', name: 'half-made' },
        // A private repository of an organisation the platform does not manage.
        {
          owner: 'platform',
          name: 'secret-project',
          private: true,
          files: { 'README.md': 'x\n' },
        },
      ],
    });
    const started = await startTestBackend({
      features: [
        eksPlatformPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({
          entities: [
            group('team-a'),
            group('team-b'),
            user(ALICE, [TEAM_A]),
            user(BOB, [TEAM_B]),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                {
                  host: github.host,
                  apiBaseUrl: github.apiBaseUrl,
                  token: github.token,
                },
              ],
            },
            eksPlatform: {
              tenancy: { githubOrganizations: ['acme'] },
              status: {
                query: { maxEntities: 5, maxFullEntities: 3 },
                rateLimit: { entitiesPerSecond: 1, burst: 5 },
              },
            },
          },
        }),
      ],
    });
    server = started.server;
  });
  afterAll(async () => {
    await github.close();
  });

  // Each test its own caller, so one test's requests do not empty another's bucket.
  const get = (name: string, as = ALICE) =>
    request(server)
      .get(`/api/eks-platform/v1/names/${name}/availability`)
      .set('Authorization', mockCredentials.user.header(as));
  const repoReads = (owner: string) =>
    [...github.requestCounts]
      .filter(([key]) => key.includes(`/repos/${owner}/`))
      .reduce((sum, [, n]) => sum + n, 0);

  it('answers free for a name no repository of the platform organisation has', async () => {
    const res = await get('payments-api', 'user:default/free-1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'payments-api', state: 'free' });
  });

  it('says in one sentence that a repository outside the catalog takes the name', async () => {
    const res = await get('billing', 'user:default/taken-1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'billing',
      state: 'taken-by-repository',
      repository: 'acme/billing',
      message:
        'The name billing is taken: the repository acme/billing already exists and is not a service of one of your teams. Choose another name.',
    });
  });

  it("answers yours for the repository of the caller's team's service, and taken for another team's member", async () => {
    const alice = await get('orders', ALICE);
    expect(alice.status).toBe(200);
    expect(alice.body).toMatchObject({
      state: 'yours',
      repository: 'acme/orders',
    });
    expect(alice.body.message).toMatch(
      /^The repository acme\/orders already holds orders of team-a, one of your teams: creating it again re-runs the golden path/,
    );
    const bob = await get('orders', BOB);
    expect(bob.body).toMatchObject({
      state: 'taken-by-repository',
      repository: 'acme/orders',
    });
    // Never who owns it: Bob may not be able to read the repository.
    expect(bob.body.message).not.toMatch(/team-a/);
  });

  it('answers free for an empty repository, which the golden path publishes into', async () => {
    const res = await get('half-made', 'user:default/empty-1');
    expect(res.body).toEqual({ name: 'half-made', state: 'free' });
  });

  it('never asks about an organisation the platform does not manage', async () => {
    const before = repoReads('platform');
    const res = await get('secret-project', 'user:default/other-org-1');
    expect(res.body).toEqual({ name: 'secret-project', state: 'free' });
    expect(repoReads('platform')).toBe(before);
  });

  it.each([
    ['a path', '..%2F..%2Forgs%2Fplatform'],
    ['an owner/name pair', 'platform%2Fsecret-project'],
    ['capitals', 'Billing'],
    ['one character', 'b'],
    ['41 characters', 'a'.repeat(41)],
    ['a trailing dash', 'billing-'],
    ['a look-alike letter', 'bi%D1%81lling'],
    ['a query', 'billing%3Fowner%3Dplatform'],
  ])('refuses %s with 400 before any GitHub call', async (_what, name) => {
    const before = [...github.requestCounts.values()].reduce(
      (a, b) => a + b,
      0,
    );
    const res = await get(name, `user:default/hostile-${name.length}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(
      /is not a service name: use 2 to 40 lowercase letters, digits and dashes/,
    );
    expect([...github.requestCounts.values()].reduce((a, b) => a + b, 0)).toBe(
      before,
    );
  });

  it('refuses requests without a user token', async () => {
    const anonymous = await request(server)
      .get('/api/eks-platform/v1/names/billing/availability')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const service = await request(server)
      .get('/api/eks-platform/v1/names/billing/availability')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);
  });

  it("answers 429 with Retry-After once the caller's status-read rate is spent", async () => {
    // Burst 5, one token a second: the sixth or so request in a row is refused.
    const answers: request.Response[] = [];
    while (answers.length < 20 && answers.at(-1)?.status !== 429)
      answers.push(await get('billing', 'user:default/busy'));
    const refused = answers.at(-1);
    expect(answers.slice(0, -1).map(a => a.status)).toEqual(
      answers.slice(0, -1).map(() => 200),
    );
    expect(refused?.status).toBe(429);
    expect(refused?.body.error.message).toMatch(/^Too many status reads/);
    expect(refused?.headers['retry-after']).toMatch(/^\d+$/);
  });
});
