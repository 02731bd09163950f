import { screen, within } from '@testing-library/react';
import {
  bareEntity,
  clusterFixture,
  errorSource,
  FIXTURE_NOW,
  notConfiguredSource,
  pdbFixture,
  staleSource,
  statusFixture,
} from '../../__testUtils__/fixtures';
import { renderCard } from '../../__testUtils__/renderCard';
import { PdbCard } from './PdbCard';
import { describeBudget } from './PdbDetails';

function withClusters(...clusters: ReturnType<typeof clusterFixture>[]) {
  return statusFixture({ kubernetes: { state: 'ok', data: { clusters } } });
}

describe('PdbCard', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it('shows a skeleton while loading', async () => {
    renderCard(<PdbCard />, 'pending');
    expect(
      await screen.findByRole('progressbar', { name: 'Loading Kubernetes' }),
    ).toBeInTheDocument();
  });

  it('shows allowed disruptions and healthy pods', async () => {
    renderCard(<PdbCard />, withClusters(clusterFixture('prod')));
    const group = await screen.findByRole('group', {
      name: 'Disruption budget checkout',
    });
    expect(
      within(group).getByText('Allowed disruptions').nextSibling,
    ).toHaveTextContent('1');
    expect(within(group).getByText('Pods').nextSibling).toHaveTextContent(
      '3 healthy, 2 needed',
    );
    expect(
      within(group).getByText('checkout (min available 2)'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('warns clearly when the budget blocks node drains', async () => {
    const blocking = pdbFixture({
      currentHealthy: 2,
      disruptionsAllowed: 0,
      blocksDrains: true,
    });
    renderCard(
      <PdbCard />,
      withClusters(clusterFixture('prod', { pdbs: [blocking] })),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Blocks node drains in prod: no pod may be evicted now (2 healthy, 2 required)',
    );
  });

  it('shows stale data under a notice', async () => {
    renderCard(
      <PdbCard />,
      statusFixture({
        kubernetes: staleSource(
          { clusters: [clusterFixture('dev')] },
          'kubernetes/dev',
        ),
      }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'kubernetes/dev is failing',
    );
    expect(screen.getByText('Allowed disruptions')).toBeInTheDocument();
  });

  it('names the failing upstream', async () => {
    renderCard(
      <PdbCard />,
      statusFixture({ kubernetes: errorSource('kubernetes/stage') }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'kubernetes/stage is failing',
    );
  });

  it('passes on the not-configured hint', async () => {
    renderCard(
      <PdbCard />,
      statusFixture({
        kubernetes: notConfiguredSource('Configure a cluster.'),
      }),
    );
    expect(
      await screen.findByTestId('source-not-configured'),
    ).toHaveTextContent('Configure a cluster.');
  });

  it('suggests adding a budget when there is none', async () => {
    renderCard(<PdbCard />, withClusters(clusterFixture('dev', { pdbs: [] })));
    expect(await screen.findByTestId('pdb-empty')).toHaveTextContent(
      'No PodDisruptionBudget protects this service.',
    );
  });

  it('names the annotation to add when the entity has none', async () => {
    renderCard(<PdbCard />, statusFixture(), bareEntity);
    expect(
      await screen.findByText('backstage.io/kubernetes-id'),
    ).toBeInTheDocument();
  });

  it('describes the budget as written', () => {
    expect(
      describeBudget(
        pdbFixture({ minAvailable: undefined, maxUnavailable: '25%' }),
      ),
    ).toBe('max unavailable 25%');
    expect(describeBudget(pdbFixture({ minAvailable: undefined }))).toBe(
      'no budget set',
    );
  });
});
