import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { clusterFixture } from '../../__testUtils__/fixtures';
import { ZonePlacement, zonesOf } from './ZonePlacement';

describe('ZonePlacement', () => {
  it('lists pods per zone for each cluster with the spread verdict', async () => {
    const crowded = clusterFixture('stage', {
      placement: {
        podsPerZone: { 'eu-west-1a': 2, 'eu-west-1b': 1 },
        podsPerNode: { 'ip-10-0-0-1': 2, 'ip-10-0-1-1': 1 },
        spreadHolds: false,
        problems: ['2 of 3 pods on node ip-10-0-0-1'],
      },
    });
    const failing = clusterFixture('prod', {
      state: 'error',
      error: { upstream: 'kubernetes/prod', message: 'connect ECONNREFUSED' },
    });
    await renderInTestApp(
      <ZonePlacement clusters={[clusterFixture('dev'), crowded, failing]} />,
    );
    const table = screen.getByRole('table', {
      name: 'Pods per cluster and zone',
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'Cluster',
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1c',
      'Nodes',
      'Spread',
    ]);
    const [, dev, stage, prod] = within(table).getAllByRole('row');
    expect(dev).toHaveTextContent('dev111');
    expect(
      within(dev).getByText('Pods are spread across zones and nodes'),
    ).toBeInTheDocument();
    expect(
      within(stage)
        .getAllByRole('cell')
        .slice(0, 3)
        .map(c => c.textContent),
    ).toEqual(['2', '1', '0']);
    expect(
      within(stage).getByText(
        'Pods are not spread well enough to survive losing a node or zone',
      ),
    ).toBeInTheDocument();
    expect(
      within(stage).getByText('2 of 3 pods on node ip-10-0-0-1'),
    ).toBeInTheDocument();
    expect(
      within(prod).getByText('Failing: kubernetes/prod connect ECONNREFUSED'),
    ).toBeInTheDocument();
  });

  it('collects the zones of all clusters', () => {
    expect(zonesOf([clusterFixture('dev')])).toEqual([
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1c',
    ]);
  });
});
