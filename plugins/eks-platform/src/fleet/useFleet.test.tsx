import { screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ScorecardQueryResponse } from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef } from '../api';
import { fleetEntities, fleetStatus } from '../__testUtils__/fleetFixtures';
import { fleetScorecard } from '../__testUtils__/scorecardFixtures';
import { FleetPage } from '../components/FleetPage';

const entities = fleetEntities(600);

function renderFleet(
  queryScorecards: (r: {
    entityRefs: string[];
  }) => Promise<ScorecardQueryResponse>,
) {
  const all = fleetStatus(entities);
  const api = {
    getEntityStatus: jest.fn(),
    queryStatus: jest.fn(async ({ entityRefs }: { entityRefs: string[] }) => ({
      items: all.items.filter(i => entityRefs.includes(i.entityRef)),
      errors: [],
    })),
    queryScorecards: jest.fn(queryScorecards),
  };
  renderInTestApp(<FleetPage />, {
    apis: [
      [catalogApiRef, catalogApiMock({ entities })],
      [eksPlatformApiRef, api],
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return api;
}

const scoreCells = () =>
  Array.from(document.querySelectorAll('td[data-column="score"]'));

describe('fleet scores', () => {
  it('reads the scores in batches of the backend cap, one query per batch, and shows them in the rows', async () => {
    const api = renderFleet(async ({ entityRefs }) => ({
      items: entityRefs.map((ref, i) =>
        fleetScorecard(ref.split('/')[1], 50 + (i % 50), ['probes']),
      ),
      errors: [],
    }));
    await waitFor(
      () =>
        expect(
          scoreCells().filter(c => c.getAttribute('data-score')),
        ).toHaveLength(25),
      { timeout: 10_000 },
    );
    expect(api.queryScorecards).toHaveBeenCalledTimes(2);
    expect(
      api.queryScorecards.mock.calls.map(([r]) => r.entityRefs.length),
    ).toEqual([500, 100]);
    expect(scoreCells()[0]).toHaveTextContent('1 failing rule');
  }, 60_000);

  it('keeps the health when the scorecards fail or never answer', async () => {
    renderFleet(() => new Promise(() => {}));
    expect(
      await screen.findByTestId('fleet-range', {}, { timeout: 10_000 }),
    ).toHaveTextContent('1–25 of 600');
    expect(scoreCells().map(c => c.textContent)).toContain('—');
    expect(screen.getAllByText('Critical').length).toBeGreaterThan(0);
  }, 60_000);
});
