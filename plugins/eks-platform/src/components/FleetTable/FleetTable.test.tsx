import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { FleetRow } from '../../fleet/fleetRows';
import { FleetTable } from './FleetTable';

const row: FleetRow = {
  entityRef: 'component:default/checkout',
  name: 'checkout',
  owner: 'payments',
  system: 'shop',
  clusters: [
    { name: 'dev', state: 'ok' },
    { name: 'prod', state: 'error' },
  ],
  kubernetesState: 'ok',
  health: 'critical',
  reasons: [
    'kubernetes/prod unreachable',
    'ServiceAvailabilityBudgetBurnFast firing',
    'Rollout stalled in dev',
  ],
  firingAlerts: 1,
};

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('FleetTable', () => {
  it('renders a row that links to the entity and marks failing clusters', async () => {
    await renderInTestApp(
      <FleetTable
        rows={[row]}
        sort={{ key: 'name', direction: 'ascending' }}
        onSortChange={jest.fn()}
      />,
      { mountedRoutes },
    );
    const [, body] = within(
      screen.getByRole('table', { name: 'Services' }),
    ).getAllByRole('row');
    expect(
      within(body).getByRole('link', { name: 'checkout' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout');
    expect(within(body).getByText(/prod \(failing\)/)).toHaveClass(/failing/);
    expect(within(body).getByText('Critical')).toBeInTheDocument();
    expect(within(body).getByText('and 1 more')).toBeInTheDocument();
  });

  it('marks the sorted column and toggles the direction', async () => {
    const onSortChange = jest.fn();
    await renderInTestApp(
      <FleetTable
        rows={[row]}
        sort={{ key: 'health', direction: 'ascending' }}
        onSortChange={onSortChange}
      />,
      { mountedRoutes },
    );
    expect(
      screen.getByRole('columnheader', { name: /Health/ }),
    ).toHaveAttribute('aria-sort', 'ascending');
    expect(
      screen.getByRole('columnheader', { name: /Service/ }),
    ).not.toHaveAttribute('aria-sort');
    fireEvent.click(screen.getByRole('button', { name: /Health/ }));
    expect(onSortChange).toHaveBeenLastCalledWith({
      key: 'health',
      direction: 'descending',
    });
    fireEvent.click(screen.getByRole('button', { name: /Owner/ }));
    expect(onSortChange).toHaveBeenLastCalledWith({
      key: 'owner',
      direction: 'ascending',
    });
  });

  it('says when no row matches', async () => {
    await renderInTestApp(
      <FleetTable
        rows={[]}
        sort={{ key: 'name', direction: 'ascending' }}
        onSortChange={jest.fn()}
      />,
      { mountedRoutes },
    );
    expect(
      screen.getByText('No service matches these filters.'),
    ).toBeInTheDocument();
  });
});
