import { screen, within } from '@testing-library/react';
import {
  bareEntity,
  clusterFixture,
  errorSource,
  FIXTURE_NOW,
  isoMinutesAgo,
  notConfiguredSource,
  pinnedHpaFixture,
  staleSource,
  statusFixture,
} from '../../__testUtils__/fixtures';
import { renderCard } from '../../__testUtils__/renderCard';
import { HpaCard } from './HpaCard';

describe('HpaCard', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it('shows a skeleton while loading', async () => {
    renderCard(<HpaCard />, 'pending');
    expect(
      await screen.findByRole('progressbar', { name: 'Loading Kubernetes' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Autoscaling' }),
    ).toBeInTheDocument();
  });

  it('shows replicas, metrics and conditions per cluster', async () => {
    const status = statusFixture({
      kubernetes: {
        state: 'ok',
        data: {
          clusters: [
            clusterFixture('dev'),
            clusterFixture('prod', { hpas: [pinnedHpaFixture()] }),
          ],
        },
      },
    });
    renderCard(<HpaCard />, status);
    const prod = await screen.findByRole('region', { name: 'Cluster prod' });
    expect(
      within(prod).getByText('Pinned at max replicas (10) for 25 min'),
    ).toBeInTheDocument();
    expect(
      within(prod).getByText('CPU: 96 % of 70 % target (above target)'),
    ).toBeInTheDocument();
    const dev = screen.getByRole('region', { name: 'Cluster dev' });
    expect(
      within(dev).getByText('Scaling normally within its range'),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText('Memory: 61 % of 80 % target'),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText('Last scaled 42 min ago (11:18 UTC)'),
    ).toBeInTheDocument();
    expect(screen.getByText('Updated 0 s ago')).toBeInTheDocument();
  });

  it('keeps healthy clusters when one cluster fails', async () => {
    const failing = clusterFixture('prod', {
      state: 'error',
      error: {
        upstream: 'kubernetes/prod',
        message: 'connect ECONNREFUSED',
        since: isoMinutesAgo(3),
      },
      hpas: [],
    });
    renderCard(
      <HpaCard />,
      statusFixture({
        kubernetes: {
          state: 'ok',
          data: { clusters: [clusterFixture('dev'), failing] },
        },
      }),
    );
    const prod = await screen.findByRole('region', { name: 'Cluster prod' });
    expect(within(prod).getByRole('alert')).toHaveTextContent(
      'kubernetes/prod is failing since 11:57 UTC',
    );
    expect(
      within(screen.getByRole('region', { name: 'Cluster dev' })).getByText(
        'Current',
      ),
    ).toBeInTheDocument();
  });

  it('shows stale data with its age', async () => {
    const stale = staleSource(
      { clusters: [clusterFixture('dev')] },
      'kubernetes/dev',
      9,
    );
    renderCard(<HpaCard />, statusFixture({ kubernetes: stale }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Showing data from 11:51 UTC (9 min ago): kubernetes/dev is failing',
    );
    expect(
      screen.getByText('Scaling normally within its range'),
    ).toBeInTheDocument();
  });

  it('names the upstream when Kubernetes fails entirely', async () => {
    renderCard(
      <HpaCard />,
      statusFixture({ kubernetes: errorSource('kubernetes/prod') }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'kubernetes/prod is failing since 11:56 UTC (4 min ago): deadline of 1500 ms exceeded.',
    );
  });

  it('passes on the not-configured hint', async () => {
    renderCard(
      <HpaCard />,
      statusFixture({
        kubernetes: notConfiguredSource(
          'No cluster is configured under kubernetes.clusterLocatorMethods.',
        ),
      }),
    );
    expect(
      await screen.findByTestId('source-not-configured'),
    ).toHaveTextContent(
      'No cluster is configured under kubernetes.clusterLocatorMethods.',
    );
  });

  it('says when no autoscaler exists', async () => {
    renderCard(
      <HpaCard />,
      statusFixture({
        kubernetes: {
          state: 'ok',
          data: { clusters: [clusterFixture('dev', { hpas: [] })] },
        },
      }),
    );
    expect(await screen.findByTestId('hpa-empty')).toHaveTextContent(
      'No HorizontalPodAutoscaler found for this service in clusters dev.',
    );
  });

  it('names the annotation to add when the entity has none', async () => {
    const { api } = renderCard(<HpaCard />, statusFixture(), bareEntity);
    expect(
      await screen.findByText('backstage.io/kubernetes-id'),
    ).toBeInTheDocument();
    expect(api.getEntityStatus).not.toHaveBeenCalled();
  });

  it('names the backend when the status request fails', async () => {
    renderCard(<HpaCard />, new Error('Request failed with 502 Bad Gateway'));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The EKS platform backend is failing: Request failed with 502 Bad Gateway.',
    );
  });
});
