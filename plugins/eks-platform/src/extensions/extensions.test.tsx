import { screen, waitFor } from '@testing-library/react';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { eksPlatformApiRef } from '../api';
import {
  bareEntity,
  checkoutEntity,
  statusFixture,
} from '../__testUtils__/fixtures';
import { mockStatusApi } from '../__testUtils__/renderCard';
import {
  alertsEntityCard,
  hpaEntityCard,
  operationalStatusEntityCard,
  pdbEntityCard,
  readinessEntityCard,
  tracesEntityCard,
} from './entityCards';
import { platformEntityContent } from './entityContent';
import { fleetPage } from './fleetPage';
import { teamScorecardPage } from './teamScorecardPage';
import { RULES, scorecardFixture } from '../__testUtils__/scorecardFixtures';

const cards = [
  hpaEntityCard,
  pdbEntityCard,
  alertsEntityCard,
  tracesEntityCard,
];
const CARD_TITLES = ['Autoscaling', 'Disruption budget', 'Alerts', 'Traces'];
// Extensions load their components lazily (each import is transpiled on
// first use under jest): on two busy CI cores the first render took over 4 s.
const LAZY = { timeout: 20_000 };
jest.setTimeout(60_000);

describe('extensions', () => {
  it('shows the four cards on an annotated service with one status request', async () => {
    const api = mockStatusApi(statusFixture());
    renderTestApp({
      extensions: [createTestEntityPage({ entity: checkoutEntity }), ...cards],
      apis: [[eksPlatformApiRef, api]],
    });
    for (const title of CARD_TITLES) {
      expect(
        await screen.findByRole('heading', { name: title }, LAZY),
      ).toBeInTheDocument();
    }
    await waitFor(() =>
      expect(screen.getByTestId('alerts-all-clear')).toBeInTheDocument(),
    );
    expect(screen.getAllByText(/^Updated \d+ s ago$/)).toHaveLength(4);
    expect(api.getEntityStatus).toHaveBeenCalledTimes(1);
  }, 15_000); // the first test pays for compiling every lazily loaded card

  it('puts the operational status on the overview with one summary request beside the detail cards', async () => {
    const api = mockStatusApi(statusFixture());
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: checkoutEntity }),
        operationalStatusEntityCard,
        ...cards,
      ],
      apis: [[eksPlatformApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByRole('heading', { name: 'Operational status' }, LAZY),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getAllByRole('listitem', { name: 'Zone spread' }),
      ).toHaveLength(1),
    );
    for (const title of CARD_TITLES) {
      expect(
        await screen.findByRole('heading', { name: title }, LAZY),
      ).toBeInTheDocument();
    }
    // One request per view, whatever order the lazy cards mount in.
    const calls = api.getEntityStatus.mock.calls as unknown as Array<
      [string, { view: string }]
    >;
    expect(calls.map(([ref, { view }]) => `${view} ${ref}`).sort()).toEqual([
      'full component:default/checkout',
      'summary component:default/checkout',
    ]);
  }, 15_000);

  it('shows the readiness card with one scorecard request shared with the Platform tab', async () => {
    const api = {
      ...mockStatusApi(statusFixture()),
      getScorecard: jest.fn(async () => scorecardFixture()),
      listScorecardRules: jest.fn(async () => ({ items: RULES })),
    };
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: checkoutEntity }),
        operationalStatusEntityCard,
        readinessEntityCard,
        platformEntityContent,
      ],
      apis: [[eksPlatformApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByRole(
        'heading',
        { name: 'Production readiness' },
        LAZY,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('list', { name: 'Failing rules' }, LAZY),
    ).toBeInTheDocument();
    expect(api.getScorecard).toHaveBeenCalledTimes(1);
    expect(api.getScorecard).toHaveBeenCalledWith('component:default/checkout');
  }, 15_000);

  it('shows no card on a service without platform annotations', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: bareEntity }),
        operationalStatusEntityCard,
        readinessEntityCard,
        ...cards,
        platformEntityContent,
      ],
      apis: [[eksPlatformApiRef, mockStatusApi(statusFixture())]],
    });
    expect(
      await screen.findByTestId('empty-entity-page', {}, LAZY),
    ).toBeInTheDocument();
  });

  it('filters cards one by one on their own annotations', async () => {
    const tracesOnly = {
      ...bareEntity,
      metadata: {
        ...bareEntity.metadata,
        annotations: { 'jaegertracing.io/service-name': 'bare' },
      },
    };
    renderTestApp({
      extensions: [createTestEntityPage({ entity: tracesOnly }), ...cards],
      apis: [[eksPlatformApiRef, mockStatusApi(statusFixture())]],
    });
    expect(
      await screen.findByRole('heading', { name: 'Traces' }, LAZY),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Autoscaling' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Alerts' }),
    ).not.toBeInTheDocument();
  });

  it('adds a Platform tab at /platform', async () => {
    const tester = createExtensionTester(platformEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/platform');
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: checkoutEntity }),
        platformEntityContent,
      ],
      apis: [[eksPlatformApiRef, mockStatusApi(statusFixture())]],
    });
    expect(
      await screen.findByRole(
        'table',
        { name: 'Pods per cluster and zone' },
        LAZY,
      ),
    ).toBeInTheDocument();
  });

  it('mounts the team readiness page with the title and icon the sidebar needs', async () => {
    const tester = createExtensionTester(teamScorecardPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/eks-platform/teams');
    expect(tester.get(coreExtensionData.title)).toBe('Team readiness');
    renderTestApp({
      extensions: [teamScorecardPage],
      initialRouteEntries: ['/eks-platform/teams'],
      apis: [
        [
          eksPlatformApiRef,
          {
            ...mockStatusApi(statusFixture()),
            getScorecardRollups: jest.fn(async () => ({ items: [] })),
          },
        ],
        [catalogApiRef, catalogApiMock({ entities: [] })],
      ],
    });
    expect(
      await screen.findByText('No service has a score yet.', {}, LAZY),
    ).toBeInTheDocument();
  });

  it('mounts the fleet page with the title and icon the sidebar needs', async () => {
    const tester = createExtensionTester(fleetPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/eks-platform/fleet');
    expect(tester.get(coreExtensionData.title)).toBe('EKS fleet');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    renderTestApp({
      extensions: [fleetPage],
      initialRouteEntries: ['/eks-platform/fleet'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [catalogApiRef, catalogApiMock({ entities: [checkoutEntity] })],
        [
          eksPlatformApiRef,
          {
            ...mockStatusApi(statusFixture()),
            queryStatus: async () => ({ items: [statusFixture()], errors: [] }),
          },
        ],
      ],
    });
    expect(
      await screen.findByText('Service fleet', {}, LAZY),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'checkout' }, LAZY),
    ).toHaveAttribute('href', '/catalog/default/component/checkout');
  });
});
