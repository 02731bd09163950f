import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef } from '../../api';
import {
  alertFixture,
  checkoutEntity,
  clusterFixture,
  errorSource,
  FIXTURE_NOW,
  notConfiguredSource,
  pdbFixture,
  pendingStatusFixture,
  pinnedHpaFixture,
  staleSource,
  statusFixture,
  tracesFixture,
} from '../../__testUtils__/fixtures';
import { mockStatusApi } from '../../__testUtils__/renderCard';
import { OperationalStatusCard } from './OperationalStatusCard';

const LABELS = [
  'Autoscaling',
  'Disruption budget',
  'Alerts',
  'Traces',
  'Argo CD',
  'Zone spread',
];

function renderStatusCard(answer: EntityPlatformStatus | 'pending' | Error) {
  const api = mockStatusApi(answer);
  renderInTestApp(
    <EntityProvider entity={checkoutEntity}>
      <OperationalStatusCard />
    </EntityProvider>,
    {
      apis: [[eksPlatformApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

/** The line of one source: its verdict word and its reason. */
async function line(label: string) {
  const card = await screen.findByRole('region', {
    name: 'Operational status',
  });
  return within(card).findByRole('listitem', { name: label });
}

describe('OperationalStatusCard', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it('shows a skeleton line per source while loading', async () => {
    renderStatusCard('pending');
    const loading = await screen.findByTestId('operational-status-loading');
    expect(loading).toHaveAttribute('aria-busy', 'true');
    expect(
      within(loading)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(LABELS);
    expect(screen.getByText('Loading…')).toBeInTheDocument();
  });

  it('shows a service not deployed yet as Pending with its pull request and CI run, not as missing autoscaler and budget', async () => {
    renderStatusCard(pendingStatusFixture());
    const card = await screen.findByRole('region', {
      name: 'Operational status',
    });
    const pending = await within(card).findByTestId('pending-deployment');
    expect(pending).toHaveTextContent('Not deployed yet');
    expect(
      within(pending).getByRole('link', {
        name: /Registration pull request #7/,
      }),
    ).toHaveAttribute('href', 'http://127.0.0.1:7130/platform/gitops/pull/7');
    expect(
      within(pending).getByRole('link', { name: /CI run \(in progress\)/ }),
    ).toBeInTheDocument();
    expect(within(card).queryByText(/No HorizontalPodAutoscaler/)).toBeNull();
    expect(within(card).queryByText(/No PodDisruptionBudget/)).toBeNull();
  });

  it('reads the summary view of the status', async () => {
    const api = renderStatusCard(statusFixture());
    await line('Autoscaling');
    expect(api.getEntityStatus).toHaveBeenCalledWith(
      'component:default/checkout',
      { view: 'summary' },
    );
  });

  it('says healthy on every line of a healthy service, with links to the details', async () => {
    renderStatusCard(
      statusFixture({
        traces: {
          state: 'ok',
          data: tracesFixture({
            current: { requestRate: 40, errorRatio: 0.001, latencyMs: {} },
          }),
        },
      }),
    );
    for (const label of LABELS) {
      const item = await line(label);
      expect(within(item).getByText('Healthy')).toBeInTheDocument();
      expect(item).toHaveAttribute('data-state', 'ok');
    }
    expect(
      within(await line('Autoscaling')).getByRole('link', {
        name: 'Autoscaling',
      }),
    ).toHaveAttribute('href', '#eks-platform-autoscaling');
    expect(
      within(await line('Argo CD')).getByRole('link', { name: 'Argo CD' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout/platform');
    expect(
      within(await line('Zone spread')).getByRole('link', {
        name: 'Zone spread',
      }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout/platform');
  });

  it('gives the verdict and the reason of every unhealthy source', async () => {
    renderStatusCard(
      statusFixture({
        kubernetes: {
          state: 'ok',
          data: {
            clusters: [
              clusterFixture('dev'),
              clusterFixture('prod', {
                hpas: [pinnedHpaFixture()],
                pdbs: [
                  pdbFixture({ disruptionsAllowed: 0, blocksDrains: true }),
                ],
                placement: {
                  podsPerZone: { 'eu-west-1a': 3 },
                  podsPerNode: { n1: 3 },
                  spreadHolds: false,
                  problems: ['3 of 3 pods in zone eu-west-1a'],
                },
              }),
            ],
          },
        },
        alerts: {
          state: 'ok',
          data: {
            alerts: [
              alertFixture(),
              alertFixture({ fingerprint: 'b', name: 'Quiet', silenced: true }),
            ],
            instances: [{ name: 'main', state: 'ok' }],
          },
        },
        traces: {
          state: 'ok',
          data: tracesFixture({
            current: { requestRate: 40, errorRatio: 0.062, latencyMs: {} },
          }),
        },
        argocd: {
          state: 'ok',
          data: {
            applications: [
              {
                instance: 'main',
                name: 'checkout-prod',
                project: 'payments',
                syncStatus: 'OutOfSync',
                healthStatus: 'Degraded',
                destination: { name: 'prod' },
                url: 'http://127.0.0.1:7110/applications/argocd/checkout-prod',
              },
            ],
          },
        },
      }),
    );
    const expectations: Array<[string, string, string]> = [
      [
        'Autoscaling',
        'Warning',
        'prod: Pinned at max replicas (10) for 25 min',
      ],
      [
        'Disruption budget',
        'Warning',
        'prod: checkout allows no disruption, node drains will hang',
      ],
      [
        'Alerts',
        'Critical',
        'ServiceAvailabilityBudgetBurnFast firing (checkout is burning its availability error budget fast (page))',
      ],
      ['Traces', 'Critical', '6.2% of requests fail (last 5m)'],
      ['Argo CD', 'Critical', 'main/checkout-prod is Degraded'],
      ['Zone spread', 'Warning', 'prod: 3 of 3 pods in zone eu-west-1a'],
    ];
    for (const [label, level, reason] of expectations) {
      const item = await line(label);
      expect(within(item).getByText(level)).toBeInTheDocument();
      expect(within(item).getByText(reason)).toBeInTheDocument();
    }
    // A silenced alert does not count.
    expect(screen.queryByText(/Quiet firing/)).not.toBeInTheDocument();
  });

  it('keeps the verdict of a stale source and says how old it is and what fails', async () => {
    renderStatusCard(
      statusFixture({
        kubernetes: staleSource(
          { clusters: [clusterFixture('prod')] },
          'kubernetes/prod',
        ),
      }),
    );
    for (const label of ['Autoscaling', 'Disruption budget', 'Zone spread']) {
      const item = await line(label);
      expect(item).toHaveAttribute('data-state', 'stale');
      expect(within(item).getByText('Healthy')).toBeInTheDocument();
      expect(item).toHaveTextContent(
        'Data from 7 min ago: kubernetes/prod is failing (connect ECONNREFUSED).',
      );
    }
    expect(await line('Alerts')).toHaveAttribute('data-state', 'ok');
  });

  it('names the failing upstream of a source that has no data, line by line', async () => {
    renderStatusCard(statusFixture({ traces: errorSource('jaeger/main') }));
    const traces = await line('Traces');
    expect(within(traces).getByText('Unavailable')).toBeInTheDocument();
    expect(
      within(traces).getByText(
        'jaeger/main is failing: deadline of 1500 ms exceeded',
      ),
    ).toBeInTheDocument();
    expect(
      within(await line('Alerts')).getByText('Healthy'),
    ).toBeInTheDocument();
  });

  it('says what to add for a source that is not configured', async () => {
    renderStatusCard(
      statusFixture({
        argocd: notConfiguredSource(
          'Add the argocd/app-name annotation to catalog-info.yaml.',
        ),
      }),
    );
    const argocd = await line('Argo CD');
    expect(within(argocd).getByText('Not configured')).toBeInTheDocument();
    expect(
      within(argocd).getByText(
        'Add the argocd/app-name annotation to catalog-info.yaml.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a source a backend module added as one more line, with its verdict and reason', async () => {
    renderStatusCard({
      ...statusFixture(),
      extraSources: {
        'health-probe': {
          state: 'ok',
          data: {
            title: 'Health endpoint',
            findings: [
              { level: 'critical', text: '/healthz answers HTTP 503' },
            ],
          },
        },
      },
    });
    const probe = await line('Health endpoint');
    expect(within(probe).getByText('Critical')).toBeInTheDocument();
    expect(
      within(probe).getByText('/healthz answers HTTP 503'),
    ).toBeInTheDocument();
    // No detail card of its own: the label is plain text, not a link.
    expect(within(probe).queryByRole('link')).toBeNull();
  });

  it('says when a source answers with nothing for the service', async () => {
    renderStatusCard(
      statusFixture({
        kubernetes: {
          state: 'ok',
          data: { clusters: [clusterFixture('prod', { hpas: [], pdbs: [] })] },
        },
        traces: {
          state: 'ok',
          data: tracesFixture({
            current: { requestRate: 0, errorRatio: 0, latencyMs: {} },
          }),
        },
      }),
    );
    const expectations: Array<[string, string]> = [
      ['Autoscaling', 'No HorizontalPodAutoscaler found for this service'],
      ['Disruption budget', 'No PodDisruptionBudget protects this service'],
      ['Traces', 'No requests traced in the last 5m'],
    ];
    for (const [label, reason] of expectations) {
      const item = await line(label);
      expect(item).toHaveAttribute('data-state', 'no-data');
      expect(within(item).getByText('No data')).toBeInTheDocument();
      expect(within(item).getByText(reason)).toBeInTheDocument();
    }
  });

  it('names the backend when the status request fails before any answer', async () => {
    renderStatusCard(new Error('Service Unavailable'));
    const card = await screen.findByRole('region', {
      name: 'Operational status',
    });
    expect(
      await within(card).findByText(
        'The EKS platform backend is failing: Service Unavailable.',
      ),
    ).toBeInTheDocument();
    expect(within(card).queryByRole('listitem')).not.toBeInTheDocument();
  });
});
