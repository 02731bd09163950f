import { fireEvent, screen, within } from '@testing-library/react';
import {
  bareEntity,
  FIXTURE_NOW,
  statusFixture,
} from '../../__testUtils__/fixtures';
import { renderCard } from '../../__testUtils__/renderCard';
import { PlatformCard } from './PlatformCard';

const card = (
  <PlatformCard
    title="Example"
    annotations={['backstage.io/kubernetes-id']}
    appearsOnceDeployed="Examples"
  >
    {({ status }) => (
      <p>{status ? `level ${status.health.level}` : 'waiting'}</p>
    )}
  </PlatformCard>
);

describe('PlatformCard', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it('is a labelled region with a title, freshness and refresh button', async () => {
    const { api } = renderCard(card, statusFixture());
    const region = await screen.findByRole('region', { name: 'Example' });
    expect(
      await within(region).findByText('level healthy'),
    ).toBeInTheDocument();
    expect(
      within(region).getByRole('heading', { name: 'Example' }),
    ).toBeInTheDocument();
    expect(within(region).getByText('Updated 0 s ago')).toBeInTheDocument();
    fireEvent.click(
      within(region).getByRole('button', { name: 'Refresh now' }),
    );
    await within(region).findByText('level healthy');
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
  });

  it('keeps the last answer with a notice when a refresh fails', async () => {
    const { api } = renderCard(card, statusFixture());
    await screen.findByText('level healthy');
    api.getEntityStatus.mockRejectedValueOnce(
      new Error('Request failed with 504'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'The EKS platform backend is failing: Request failed with 504.',
    );
    expect(screen.getByText('level healthy')).toBeInTheDocument();
  });

  it('shows the missing annotation instead of loading', async () => {
    const { api } = renderCard(card, statusFixture(), bareEntity);
    expect(
      await screen.findByText('backstage.io/kubernetes-id'),
    ).toBeInTheDocument();
    expect(api.getEntityStatus).not.toHaveBeenCalled();
  });
});
