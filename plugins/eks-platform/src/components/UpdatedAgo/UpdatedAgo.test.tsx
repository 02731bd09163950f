import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { UpdatedAgo } from './UpdatedAgo';

describe('UpdatedAgo', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(100_000));
  afterEach(() => jest.restoreAllMocks());

  it('says how long ago the data was loaded', async () => {
    await renderInTestApp(<UpdatedAgo updatedAt={88_000} />);
    expect(screen.getByText('Updated 12 s ago')).toBeInTheDocument();
  });

  it('says loading before the first answer and offers a refresh', async () => {
    const onRefresh = jest.fn();
    await renderInTestApp(<UpdatedAgo loading onRefresh={onRefresh} />);
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Refresh now' })).toBeDisabled();
  });

  it('refreshes on click', async () => {
    const onRefresh = jest.fn();
    await renderInTestApp(<UpdatedAgo updatedAt={1} onRefresh={onRefresh} />);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    expect(onRefresh).toHaveBeenCalledTimes(1);
  });
});
