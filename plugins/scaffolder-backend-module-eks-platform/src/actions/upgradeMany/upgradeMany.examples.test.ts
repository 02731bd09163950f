import { ConfigReader } from '@backstage/config';
import { GitHubSimulator } from '@internal/eks-platform-sandbox';
import fs from 'node:fs';
import { exampleInput } from '../../__testUtils__/examples';
import {
  FLEET,
  fleetConfig,
  fleetEntity,
  fleetWrites,
  MINI_TEMPLATE_ENTITY,
  miniTemplateRepository,
  startFleetGitHub,
} from '../../__testUtils__/miniFleet';
import {
  createTestContext,
  testCallPolicy,
} from '../../__testUtils__/testContext';
import { ALICE, testTrust } from '../../__testUtils__/trust';
import { createSelectServicesAction } from '../selectServices/selectServices';
import { createTemplateUpgradeAction } from '../templateUpgrade/templateUpgrade';
import { createUpgradeManyAction } from './upgradeMany';
import { examples } from './upgradeMany.examples';

// The simulator, the template history and the merges run real git.
jest.setTimeout(120_000);

describe('eks:template:upgrade-many examples', () => {
  let templateRepo: string;
  let github: GitHubSimulator;

  beforeAll(async () => {
    templateRepo = miniTemplateRepository();
    github = await startFleetGitHub(templateRepo);
  });
  afterAll(async () => {
    await github?.close();
    fs.rmSync(templateRepo, { recursive: true, force: true });
  });

  function actions() {
    const data = fleetConfig(github, templateRepo);
    const trust = testTrust(data, [
      MINI_TEMPLATE_ENTITY,
      ...FLEET.map(s => fleetEntity(github, s)),
    ]);
    const upgrade = createTemplateUpgradeAction({
      config: new ConfigReader(data),
      callPolicy: testCallPolicy({}, 10_000).policy,
      ...trust,
    });
    return {
      select: createSelectServicesAction({ catalog: trust.catalog }),
      upgradeMany: createUpgradeManyAction({ upgrade }),
    };
  }

  it("previews a list of services: the caller's team's diff, another team's refused (example 2)", async () => {
    const input = exampleInput(examples[1], 'eks:template:upgrade-many');
    const { ctx, outputs } = createTestContext(input, { user: ALICE });
    await actions().upgradeMany.handler(ctx);
    expect(
      (outputs.results as any[]).map(r => [r.entityRef, r.status]),
    ).toEqual([
      ['component:default/orders', 'dry-run'],
      ['component:default/billing', 'refused'],
    ]);
    expect((await fleetWrites(github)).orders.pulls).toBe(0);
  });

  it("selects a team's services and opens a pull request for each (example 1)", async () => {
    const { select, upgradeMany } = actions();
    // The example's select step, as the scaffolder runs it first.
    const selectInput = exampleInput(
      examples[0],
      'eks:template:select-services',
    );
    const selected = createTestContext(selectInput, { user: ALICE });
    await select.handler(selected.ctx);

    const input = exampleInput(examples[0], 'eks:template:upgrade-many', {
      steps: { select: { output: selected.outputs } },
    });
    const { ctx, outputs } = createTestContext(input, { user: ALICE });
    await upgradeMany.handler(ctx);
    expect(
      (outputs.results as any[]).map(r => [r.entityRef, r.status]),
    ).toEqual([
      ['component:default/ledger', 'created'],
      ['component:default/orders', 'created'],
    ]);
    expect((outputs.links as any[]).map(l => l.title)).toEqual([
      'ledger: upgrade pull request #1',
      'orders: upgrade pull request #1',
    ]);
    expect(await fleetWrites(github)).toMatchObject({
      billing: { pulls: 0 },
      ledger: { pulls: 1 },
      orders: { pulls: 1 },
    });
  });
});
