import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  clusterFixture,
  FIXTURE_NOW,
  isoMinutesAgo,
} from '../../__testUtils__/fixtures';
import { ClusterSection } from './ClusterSection';

describe('ClusterSection', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it('renders a healthy cluster under its heading', async () => {
    await renderInTestApp(
      <ClusterSection cluster={clusterFixture('prod')}>
        <p>details</p>
      </ClusterSection>,
    );
    expect(
      screen.getByRole('region', { name: 'Cluster prod' }),
    ).toHaveTextContent('details');
  });

  it('marks an unreachable cluster as failing and hides its details', async () => {
    const cluster = clusterFixture('prod', {
      state: 'error',
      error: {
        upstream: 'kubernetes/prod',
        message: 'connect ECONNREFUSED',
        since: isoMinutesAgo(2),
      },
    });
    await renderInTestApp(
      <ClusterSection cluster={cluster}>
        <p>details</p>
      </ClusterSection>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'kubernetes/prod is failing since 11:58 UTC',
    );
    expect(screen.queryByText('details')).not.toBeInTheDocument();
  });

  it('shows stale details under a notice', async () => {
    const cluster = clusterFixture('stage', {
      state: 'stale',
      syncedAt: isoMinutesAgo(5),
      error: { upstream: 'kubernetes/stage', message: 'watch expired' },
    });
    await renderInTestApp(
      <ClusterSection cluster={cluster}>
        <p>details</p>
      </ClusterSection>,
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'Showing data from 11:55 UTC',
    );
    expect(screen.getByText('details')).toBeInTheDocument();
  });
});
