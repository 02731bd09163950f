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

  it('shows the score with the number of failing rules, a dash when there is none, and sorts by it', async () => {
    const onSortChange = jest.fn();
    await renderInTestApp(
      <FleetTable
        rows={[
          { ...row, score: 62, failingRules: ['network-policy', 'probes'] },
          { ...row, entityRef: 'component:default/cart', name: 'cart' },
        ]}
        sort={{ key: 'name', direction: 'ascending' }}
        onSortChange={onSortChange}
      />,
      { mountedRoutes },
    );
    const [, scored, unscored] = within(
      screen.getByRole('table', { name: 'Services' }),
    ).getAllByRole('row');
    const scoreCell = scored.querySelector('[data-column="score"]');
    expect(scoreCell).toHaveTextContent('622 failing rules');
    expect(
      within(scoreCell as HTMLElement).getByRole('img', { name: 'Critical' }),
    ).toBeInTheDocument();
    expect(unscored.querySelector('[data-column="score"]')).toHaveTextContent(
      '—',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Score' }));
    expect(onSortChange).toHaveBeenCalledWith({
      key: 'score',
      direction: 'ascending',
    });
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

  it('links every reason to the Platform tab and expands "and N more" in place', async () => {
    await renderInTestApp(
      <FleetTable
        rows={[row]}
        sort={{ key: 'name', direction: 'ascending' }}
        onSortChange={jest.fn()}
      />,
      { mountedRoutes },
    );
    expect(
      screen.getByRole('link', { name: 'kubernetes/prod unreachable' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout/platform');
    expect(screen.queryByText('Rollout stalled in dev')).toBeNull();
    fireEvent.click(
      screen.getByRole('button', { name: 'and 1 more reasons for checkout' }),
    );
    expect(
      screen.getByRole('link', { name: 'Rollout stalled in dev' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout/platform');
    expect(screen.queryByText('and 1 more')).toBeNull();
  });

  it('shows a pending service as Pending with its registration pull request', async () => {
    const pending: FleetRow = {
      ...row,
      entityRef: 'component:default/fresh',
      name: 'fresh',
      clusters: [],
      health: 'pending',
      reasons: ['Not deployed yet: registration pull request #7 is open'],
      registration: {
        pullRequest: {
          url: 'http://127.0.0.1:7130/platform/gitops/pull/7',
          title: 'Register fresh',
          number: 7,
        },
      },
      firingAlerts: 0,
    };
    await renderInTestApp(
      <FleetTable
        rows={[pending]}
        sort={{ key: 'name', direction: 'ascending' }}
        onSortChange={jest.fn()}
      />,
      { mountedRoutes },
    );
    const [, body] = within(
      screen.getByRole('table', { name: 'Services' }),
    ).getAllByRole('row');
    expect(within(body).getByText('Pending')).toBeInTheDocument();
    expect(within(body).queryByText('Healthy')).toBeNull();
    expect(
      within(body).getByRole('link', { name: /^Registration pull request #7/ }),
    ).toHaveAttribute('href', 'http://127.0.0.1:7130/platform/gitops/pull/7');
  });
});
