import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { FleetPagination } from './FleetPagination';

describe('FleetPagination', () => {
  it('shows the range and moves between pages', async () => {
    const onPageChange = jest.fn();
    await renderInTestApp(
      <FleetPagination
        total={1000}
        page={1}
        pageSize={25}
        onPageChange={onPageChange}
        onPageSizeChange={jest.fn()}
      />,
    );
    expect(screen.getByTestId('fleet-range')).toHaveTextContent(
      '26–50 of 1,000',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(onPageChange).toHaveBeenLastCalledWith(2);
    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(onPageChange).toHaveBeenLastCalledWith(0);
  });

  it('disables moves past the ends and changes the page size', async () => {
    const onPageSizeChange = jest.fn();
    await renderInTestApp(
      <FleetPagination
        total={0}
        page={0}
        pageSize={25}
        onPageChange={jest.fn()}
        onPageSizeChange={onPageSizeChange}
      />,
    );
    expect(screen.getByTestId('fleet-range')).toHaveTextContent('0–0 of 0');
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Rows per page'), {
      target: { value: '100' },
    });
    expect(onPageSizeChange).toHaveBeenCalledWith(100);
  });
});
