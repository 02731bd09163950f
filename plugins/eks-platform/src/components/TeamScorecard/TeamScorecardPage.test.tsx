import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ScorecardRollupResponse } from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef } from '../../api';
import { mockStatusApi } from '../../__testUtils__/renderCard';
import { RULES } from '../../__testUtils__/scorecardFixtures';
import { fleetRouteRef } from '../../routes';
import { TeamScorecardPage } from './TeamScorecardPage';

const history = (...scores: number[]) =>
  scores.map((score, i) => ({ day: `2026-01-0${i + 1}`, score }));

const BY_OWNER: ScorecardRollupResponse = {
  items: [
    {
      ref: 'group:default/team-search',
      kind: 'owner',
      score: 92,
      services: 2,
      failingRules: {},
      history: history(90, 92),
    },
    {
      ref: 'group:default/team-commerce',
      kind: 'owner',
      score: 48.4,
      services: 5,
      failingRules: {
        probes: 1,
        'network-policy': 4,
        'replicas-spread-zones': 2,
        'traces-flow': 1,
      },
      history: history(70, 60, 48),
    },
    {
      ref: 'group:default/team-new',
      kind: 'owner',
      services: 1,
      failingRules: {},
      history: [],
    },
  ],
};

const BY_SYSTEM: ScorecardRollupResponse = {
  items: [
    {
      ref: 'system:default/shop',
      kind: 'system',
      score: 61,
      services: 4,
      failingRules: { probes: 2 },
      history: history(61, 61),
    },
  ],
};

function renderPage(
  rollups: (by: string) => Promise<ScorecardRollupResponse>,
  initialRouteEntries = ['/eks-platform/teams'],
) {
  const api = {
    ...mockStatusApi('pending'),
    getScorecardRollups: jest.fn(rollups),
    listScorecardRules: jest.fn(async () => ({ items: RULES })),
  };
  renderInTestApp(<TeamScorecardPage />, {
    apis: [
      [eksPlatformApiRef, api],
      [
        catalogApiRef,
        catalogApiMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: { name: 'team-commerce' },
              spec: {
                type: 'team',
                children: [],
                profile: { displayName: 'Commerce team' },
              },
            },
          ],
        }),
      ],
    ],
    mountedRoutes: { '/eks-platform/fleet': fleetRouteRef },
    initialRouteEntries,
  });
  return api;
}

const byRef = (by: string) =>
  Promise.resolve(by === 'system' ? BY_SYSTEM : BY_OWNER);

describe('TeamScorecardPage', () => {
  it('rolls scores up by owner, worst first, with the most failed rules, the trend and a link to the fleet filtered by owner', async () => {
    const api = renderPage(byRef);
    const table = await screen.findByRole('table', {
      name: 'Readiness by owner',
    });
    const [, commerce, search, fresh] = within(table).getAllByRole('row');
    expect(commerce).toHaveAttribute('data-ref', 'group:default/team-commerce');
    await waitFor(() =>
      expect(
        within(commerce).getByRole('link', {
          name: 'Commerce team: show its services in the fleet',
        }),
      ).toHaveAttribute('href', '/eks-platform/fleet?owner=team-commerce'),
    );
    expect(commerce).toHaveTextContent('48');
    expect(
      within(commerce)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'A NetworkPolicy selects the pods (4 services)',
      'Three replicas over three zones (2 services)',
      'Readiness and liveness probes (1 service)',
    ]);
    expect(
      within(commerce).getByRole('img', {
        name: /score over the last 30 days/,
      }),
    ).toHaveAccessibleName(
      'Commerce team score over the last 30 days: from 70 to 48, peak 70',
    );
    expect(search).toHaveTextContent('None');
    expect(fresh).toHaveTextContent('No score');
    expect(fresh).toHaveTextContent('Not enough history yet');
    expect(api.getScorecardRollups).toHaveBeenCalledWith('owner');
  });

  it('switches to systems, keeps the grouping in the URL and links to the fleet filtered by system', async () => {
    const api = renderPage(byRef);
    await screen.findByRole('table', { name: 'Readiness by owner' });
    fireEvent.click(screen.getByRole('button', { name: 'By system' }));
    const table = await screen.findByRole('table', {
      name: 'Readiness by system',
    });
    expect(
      within(table).getByRole('link', {
        name: 'shop: show its services in the fleet',
      }),
    ).toHaveAttribute('href', '/eks-platform/fleet?system=shop');
    expect(screen.getByRole('button', { name: 'By system' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(api.getScorecardRollups).toHaveBeenLastCalledWith('system');
  });

  it('opens on the grouping the URL names', async () => {
    renderPage(byRef, ['/eks-platform/teams?by=system']);
    expect(
      await screen.findByRole('table', { name: 'Readiness by system' }),
    ).toBeInTheDocument();
  });

  it('shows a skeleton while loading, then says when no service has a score', async () => {
    let answer: (r: ScorecardRollupResponse) => void = () => {};
    renderPage(() => new Promise(resolve => (answer = resolve)));
    expect(
      await screen.findByLabelText('Loading the readiness by team'),
    ).toBeInTheDocument();
    answer({ items: [] });
    expect(await screen.findByTestId('team-scorecard-empty')).toHaveTextContent(
      'No service has a score yet.',
    );
  });

  it('says plainly when the rollups fail and retries on demand', async () => {
    const api = renderPage(() => Promise.reject(new Error('backend down')));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The scorecard could not be loaded: backend down',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(api.getScorecardRollups).toHaveBeenCalledTimes(2),
    );
  });
});
