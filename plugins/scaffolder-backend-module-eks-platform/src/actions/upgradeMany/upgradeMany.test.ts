import { ConfigReader } from '@backstage/config';
import { GitHubSimulator } from '@internal/eks-platform-sandbox';
import fs from 'node:fs';
import {
  FLEET,
  fleetConfig,
  fleetEntity,
  fleetWrites,
  miniTemplateRepository,
  startFleetGitHub,
} from '../../__testUtils__/miniFleet';
import {
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import { ALICE, ROOT, TEAM_A, testTrust } from '../../__testUtils__/trust';
import { createTemplateUpgradeAction } from '../templateUpgrade/templateUpgrade';
import { createUpgradeManyAction } from './upgradeMany';

// The simulator, the template history and the merges run real git.
jest.setTimeout(120_000);

const ORDERS = 'component:default/orders';
const LEDGER = 'component:default/ledger';
const BILLING = 'component:default/billing';

describe('eks:template:upgrade-many', () => {
  let templateRepo: string;
  let github: GitHubSimulator;

  beforeAll(() => {
    templateRepo = miniTemplateRepository();
  });
  afterAll(() => {
    fs.rmSync(templateRepo, { recursive: true, force: true });
  });
  beforeEach(async () => {
    github = await startFleetGitHub(templateRepo);
  });
  afterEach(async () => {
    await github.close();
  });

  function action() {
    const data = fleetConfig(github, templateRepo);
    const upgrade = createTemplateUpgradeAction({
      config: new ConfigReader(data),
      callPolicy: testCallPolicy({}, 10_000).policy,
      ...testTrust(data, [
        ...FLEET.map(s => fleetEntity(github, s)),
        // Registered, but its repository is gone.
        fleetEntity(github, { name: 'ghost', owner: TEAM_A }),
      ]),
    });
    return createUpgradeManyAction({ upgrade });
  }

  const unwritten = {
    orders: { pulls: 0, branches: ['main'] },
    ledger: { pulls: 0, branches: ['main'] },
    billing: { pulls: 0, branches: ['main'] },
  };

  it("previews every service the caller's team owns, lists another team's as refused with the reason, and writes nothing", async () => {
    const { ctx, outputs, logs } = createTestContext(
      { services: [ORDERS, BILLING, LEDGER], dryRun: true },
      { user: ALICE },
    );
    await action().handler(ctx);
    expect(outputs.results).toEqual([
      expect.objectContaining({
        entityRef: ORDERS,
        status: 'dry-run',
        fromVersion: '1.0.0',
        toVersion: '1.1.0',
        diff: expect.stringContaining('ErrorBudgetBurnRate'),
      }),
      expect.objectContaining({
        entityRef: BILLING,
        status: 'refused',
        reason: expect.stringMatching(
          /user:default\/alice is not a member of group:default\/team-b/,
        ),
      }),
      expect.objectContaining({ entityRef: LEDGER, status: 'dry-run' }),
    ]);
    expect(outputs.failed).toBe(1);
    expect(outputs.links).toEqual([]);
    expect(outputs.summary).toContain(
      '3 service(s) previewed: 2 dry-run, 1 refused.',
    );
    expect(outputs.summary).toMatch(
      /\| billing \| refused \|\s+\|\s+\| .*not a member/,
    );
    expect(outputs.summary).toContain('```diff');
    // Progress per service, in order, the refusal as a warning.
    expect(logs.filter(l => /\[\d\/3\] .*: (dry-run|refused)/.test(l))).toEqual(
      [
        expect.stringMatching(
          /^info: \[1\/3\] component:default\/orders: dry-run/,
        ),
        expect.stringMatching(
          /^warn: \[2\/3\] component:default\/billing: refused/,
        ),
        expect.stringMatching(
          /^info: \[3\/3\] component:default\/ledger: dry-run/,
        ),
      ],
    );
    expect(await fleetWrites(github)).toEqual(unwritten);
  });

  it("opens one pull request per service of the caller's team and none for another team's; a re-run finds the same ones", async () => {
    const first = createTestContext(
      { services: [ORDERS, BILLING, LEDGER] },
      { user: ALICE },
    );
    await action().handler(first.ctx);
    const results = first.outputs.results as any[];
    expect(results.map(r => [r.entityRef, r.status])).toEqual([
      [ORDERS, 'created'],
      [BILLING, 'refused'],
      [LEDGER, 'created'],
    ]);
    expect(first.outputs.links).toEqual([
      {
        title: 'orders: upgrade pull request #1',
        url: results[0].pullRequestUrl,
      },
      {
        title: 'ledger: upgrade pull request #1',
        url: results[2].pullRequestUrl,
      },
    ]);
    expect(first.outputs.summary).toContain(
      `| orders | created | v1.0.0 → v1.1.0 | [#1](${results[0].pullRequestUrl}) |`,
    );
    const upgraded = {
      pulls: 1,
      branches: ['main', 'template-upgrade/v1.1.0'],
    };
    expect(await fleetWrites(github)).toEqual({
      orders: upgraded,
      ledger: upgraded,
      billing: { pulls: 0, branches: ['main'] },
    });

    // A platform admin may upgrade every service: billing gets its pull
    // request, the others are found unchanged.
    const admin = createTestContext(
      { services: [ORDERS, BILLING, LEDGER] },
      { user: ROOT },
    );
    await action().handler(admin.ctx);
    expect((admin.outputs.results as any[]).map(r => r.status)).toEqual([
      'unchanged',
      'created',
      'unchanged',
    ]);
    expect(admin.outputs.failed).toBe(0);
  });

  it('keeps going after a service that fails, and says why it failed', async () => {
    const { ctx, outputs } = createTestContext(
      {
        services: [
          { entityRef: 'component:default/ghost', targetVersion: '1.1.0' },
          { entityRef: LEDGER, targetVersion: '1.1.0' },
        ],
      },
      { user: ALICE },
    );
    await action().handler(ctx);
    expect(outputs.results).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/ghost',
        status: 'failed',
        reason: expect.stringContaining('acme/ghost does not exist'),
      }),
      expect.objectContaining({ entityRef: LEDGER, status: 'created' }),
    ]);
    expect(outputs.failed).toBe(1);
  });

  it.each([
    [
      'a single string',
      { services: 'component:default/orders' },
      /give a list of services/,
    ],
    [
      'a service listed twice',
      { services: [ORDERS, 'component:default/orders'] },
      /listed twice/,
    ],
    [
      'a ref of another kind',
      { services: ['api:default/orders'] },
      /services\[0\]\.entityRef.*not a Component/,
    ],
    [
      'a partial version',
      { services: [{ entityRef: ORDERS, targetVersion: '1.1' }] },
      /services\[0\]\.targetVersion.*MAJOR\.MINOR\.PATCH/,
    ],
    [
      'a path as template ref',
      { services: [{ entityRef: ORDERS, templateRef: '../../etc' }] },
      /services\[0\]\.templateRef.*not a Template entity ref/,
    ],
    [
      '51 services',
      {
        services: Array.from(
          { length: 51 },
          (_, i) => `component:default/s${i}`,
        ),
      },
      /51 services; one run upgrades at most 50/,
    ],
    [
      'a non-boolean dryRun',
      { services: [ORDERS], dryRun: 'yes' },
      /"dryRun": give true or false/,
    ],
  ])('refuses %s before any upgrade', async (_label, input, error) => {
    const { ctx } = createTestContext(input as any, { user: ALICE });
    await expect(action().handler(ctx)).rejects.toThrow(error);
    expect(github.requestCounts.size).toBe(0);
    expect(await fleetWrites(github)).toEqual(unwritten);
  });
});
