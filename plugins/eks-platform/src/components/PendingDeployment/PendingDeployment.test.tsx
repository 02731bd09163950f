import { screen, within } from '@testing-library/react';
import {
  FIXTURE_NOW,
  pendingStatusFixture,
  statusFixture,
} from '../../__testUtils__/fixtures';
import { renderCard } from '../../__testUtils__/renderCard';
import { HpaCard } from '../HpaCard';
import { PdbCard } from '../PdbCard';
import { TracesCard } from '../TracesCard';

describe('cards of a service that is not deployed yet', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it.each([
    [
      'Autoscaling',
      <HpaCard />,
      /HorizontalPodAutoscaler\) the service's chart defines will appear here once the service is deployed/,
    ],
    [
      'Disruption budget',
      <PdbCard />,
      /PodDisruptionBudget\) the service's chart defines will appear here once the service is deployed/,
    ],
    [
      'Traces',
      <TracesCard />,
      /Its traffic .* will appear here once the service is deployed/,
    ],
  ])(
    'the %s card says what appears once deployed, with the pull request and CI run, and suggests adding nothing',
    async (title, card, appears) => {
      renderCard(card, pendingStatusFixture());
      const region = await screen.findByRole('region', { name: title });
      expect(await within(region).findByText(appears)).toBeInTheDocument();
      expect(within(region).getByText('Not deployed yet')).toBeInTheDocument();
      expect(
        within(region).getByRole('link', {
          name: /^Registration pull request #7/,
        }),
      ).toHaveAttribute('href', 'http://127.0.0.1:7130/platform/gitops/pull/7');
      expect(
        within(region).getByRole('link', { name: /^CI run \(in progress\)/ }),
      ).toHaveAttribute(
        'href',
        'http://127.0.0.1:7130/acme/checkout/actions/runs/42',
      );
      expect(within(region).queryByText(/Add one/)).toBeNull();
      expect(within(region).queryByText(/req\/s/)).toBeNull();
    },
  );

  it('shows the card content again once the service runs', async () => {
    renderCard(<TracesCard />, statusFixture());
    const region = await screen.findByRole('region', { name: 'Traces' });
    await within(region).findByText('Requests');
    expect(within(region).queryByTestId('pending-deployment')).toBeNull();
  });
});
