import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { exampleInput } from '../../__testUtils__/examples';
import { createTestContext } from '../../__testUtils__/testContext';
import { ALICE, TEAM_A, TEAM_B } from '../../__testUtils__/trust';
import { GitHubSimulator } from '@internal/eks-platform-sandbox';
import {
  fleetEntity,
  MINI_TEMPLATE_ENTITY,
} from '../../__testUtils__/miniFleet';
import { createSelectServicesAction } from './selectServices';
import { examples } from './selectServices.examples';

// fleetEntity only reads the simulator's host for the services' locations.
const github = { host: '127.0.0.1:9' } as GitHubSimulator;
const catalog = catalogServiceMock({
  entities: [
    MINI_TEMPLATE_ENTITY,
    fleetEntity(github, { name: 'orders', owner: TEAM_A }),
    fleetEntity(github, { name: 'ledger', owner: TEAM_A }, '1.1.0'),
    fleetEntity(github, { name: 'billing', owner: TEAM_B }),
  ],
});

async function run(index: number, parameters = {}) {
  const input = exampleInput(examples[index], 'eks:template:select-services', {
    parameters,
  });
  const { ctx, outputs } = createTestContext(input, { user: ALICE });
  await createSelectServicesAction({ catalog }).handler(ctx);
  return (outputs.services as any[]).map(s => [
    s.entityRef,
    s.currentVersion,
    s.targetVersion,
  ]);
}

describe('eks:template:select-services examples', () => {
  it("selects a team's services behind the template (example 1)", async () => {
    expect(await run(0)).toEqual([
      ['component:default/orders', '1.0.0', '1.1.0'],
    ]);
  });

  it("selects a system's services of every owner for a target version (example 2)", async () => {
    expect(await run(1)).toEqual([
      ['component:default/billing', '1.0.0', '1.1.0'],
      ['component:default/ledger', '1.1.0', '1.1.0'],
      ['component:default/orders', '1.0.0', '1.1.0'],
    ]);
  });

  it('selects the one service of the form (example 3)', async () => {
    expect(await run(2, { entityRef: 'component:default/ledger' })).toEqual([
      ['component:default/ledger', '1.1.0', '1.1.0'],
    ]);
  });
});
