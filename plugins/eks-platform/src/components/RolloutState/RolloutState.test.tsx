import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { clusterFixture } from '../../__testUtils__/fixtures';
import { RolloutState } from './RolloutState';

describe('RolloutState', () => {
  it('shows each deployment with its rollout state', async () => {
    const base = clusterFixture('prod').deployments[0];
    const stalled = clusterFixture('prod', {
      deployments: [
        {
          ...base,
          replicas: {
            desired: 3,
            updated: 1,
            ready: 2,
            available: 2,
            unavailable: 1,
          },
          rollout: { state: 'stalled', message: 'ProgressDeadlineExceeded' },
        },
      ],
    });
    await renderInTestApp(
      <RolloutState clusters={[clusterFixture('dev'), stalled]} />,
    );
    const rows = within(
      screen.getByRole('table', { name: 'Rollouts' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      'devcheckout/checkout (rev 7)3 of 3 readyRolled out',
    );
    expect(rows[2]).toHaveTextContent('2 of 3 ready, 1 updated');
    expect(
      within(rows[2]).getByText(
        'Stuck at 2 of 3 ready: ProgressDeadlineExceeded',
      ),
    ).toBeInTheDocument();
  });

  it('says when no deployment was found', async () => {
    await renderInTestApp(
      <RolloutState clusters={[clusterFixture('dev', { deployments: [] })]} />,
    );
    expect(screen.getByText(/No Deployment carries/)).toBeInTheDocument();
  });
});
