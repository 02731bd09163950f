import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { NO_FILTERS } from '../../fleet/fleetQuery';
import { FleetFilters } from './FleetFilters';

const options = {
  owners: ['payments', 'search'],
  systems: ['shop'],
  clusters: ['dev', 'prod'],
  failingRules: ['network-policy', 'probes'],
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

  it('filters by a score threshold and a failing rule', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <FleetFilters value={NO_FILTERS} options={options} onChange={onChange} />,
    );
    const score = screen.getByLabelText('Score');
    expect(
      [...score.querySelectorAll('option')].map(o => o.textContent),
    ).toEqual(['All', 'Below 50', 'Below 70', 'Below 90']);
    fireEvent.change(score, { target: { value: '70' } });
    expect(onChange).toHaveBeenLastCalledWith({
      ...NO_FILTERS,
      scoreBelow: '70',
    });
    fireEvent.change(screen.getByLabelText('Failing rule'), {
      target: { value: 'probes' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      ...NO_FILTERS,
      failingRule: 'probes',
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
