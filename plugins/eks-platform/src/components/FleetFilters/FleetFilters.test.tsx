import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { NO_FILTERS } from '../../fleet/fleetQuery';
import { FleetFilters } from './FleetFilters';

const options = {
  owners: ['payments', 'search'],
  systems: ['shop'],
  clusters: ['dev', 'prod'],
};

describe('FleetFilters', () => {
  it('offers labelled filters with the values present', async () => {
    await renderInTestApp(
      <FleetFilters
        value={NO_FILTERS}
        options={options}
        onChange={jest.fn()}
      />,
    );
    expect(
      screen.getByRole('search', { name: 'Filter services' }),
    ).toBeInTheDocument();
    const owner = screen.getByLabelText('Owner');
    expect(
      [...owner.querySelectorAll('option')].map(o => o.textContent),
    ).toEqual(['All', 'payments', 'search']);
    expect(screen.getByLabelText('Cluster')).toBeInTheDocument();
    expect(screen.getByLabelText('System')).toBeInTheDocument();
    expect(screen.getByLabelText('Health')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Clear filters' }),
    ).toBeDisabled();
  });

  it('reports changes', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <FleetFilters value={NO_FILTERS} options={options} onChange={onChange} />,
    );
    fireEvent.change(screen.getByLabelText('Cluster'), {
      target: { value: 'prod' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      ...NO_FILTERS,
      cluster: 'prod',
    });
    fireEvent.change(screen.getByLabelText('Search services'), {
      target: { value: 'check' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      ...NO_FILTERS,
      search: 'check',
    });
  });

  it('clears all filters', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <FleetFilters
        value={{ ...NO_FILTERS, health: 'critical' }}
        options={options}
        onChange={onChange}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(onChange).toHaveBeenCalledWith(NO_FILTERS);
  });
});
