/* eslint-disable no-script-url -- a hostile javascript: console URL is an input under test */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderScorecardCard } from '../../__testUtils__/renderCard';
import { pendingStatusFixture } from '../../__testUtils__/fixtures';
import {
  imageScanFixture,
  scorecardFixture,
} from '../../__testUtils__/scorecardFixtures';
import { ImageFindings } from './ImageFindings';

describe('ImageFindings', () => {
  it('shows each running digest with its counts by severity, clusters, scan status and console link', async () => {
    renderScorecardCard(<ImageFindings />, {
      scorecard: scorecardFixture({
        images: [
          imageScanFixture(),
          imageScanFixture({
            digest: 'sha256:00aa11bb22cc33dd44ee55ff',
            repository: 'checkout-sidecar',
            registry: 'docker.io',
            inOrganisationRegistry: false,
            clusters: ['dev'],
            scanStatus: 'NOT_FOUND',
            counts: {},
            consoleUrl: 'javascript:alert(1)',
          }),
        ],
      }),
    });
    const table = await screen.findByRole('table', {
      name: 'Findings per running image',
    });
    const [header, scanned, unscanned] = within(table).getAllByRole('row');
    expect(
      within(header)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'Image',
      'Clusters',
      'Scan',
      'Critical',
      'High',
      'Medium',
      'Low',
      'Informational',
      'Console',
    ]);
    expect(
      within(scanned)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'stage, prod',
      'Complete',
      '2',
      '5',
      '1',
      '0',
      '0',
      'Open in AWS console, Opens in a new window',
    ]);
    expect(within(scanned).getByRole('rowheader')).toHaveTextContent(
      'checkoutsha256:4f2a9c0e3b1d',
    );
    expect(
      within(scanned).getByRole('link', {
        name: /^Open in AWS console: findings of checkout sha256:4f2a9c0e3b1d/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(/^https:\/\/console\.aws\.amazon\.com\/ecr\//),
    );
    // No scan: no counts made up, and an unsafe console URL is no link.
    expect(unscanned).toHaveTextContent('No scan found');
    expect(unscanned).toHaveTextContent(
      "Not from the organisation's registry (docker.io)",
    );
    expect(within(unscanned).queryByRole('link')).toBeNull();
  });

  it('says so when no image runs', async () => {
    renderScorecardCard(<ImageFindings />, {
      scorecard: scorecardFixture({ images: [] }),
    });
    expect(await screen.findByTestId('image-findings-none')).toHaveTextContent(
      'No running image found',
    );
  });

  it('says a pending service is not deployed yet', async () => {
    renderScorecardCard(<ImageFindings />, {
      scorecard: scorecardFixture({ images: [], environments: [] }),
      status: pendingStatusFixture(),
    });
    expect(await screen.findByTestId('pending-deployment')).toHaveTextContent(
      'The scans of the running images will appear here',
    );
  });

  it('shows a skeleton while loading', async () => {
    renderScorecardCard(<ImageFindings />, { scorecard: 'pending' });
    expect(
      await screen.findByLabelText('Loading the image scans'),
    ).toBeInTheDocument();
  });

  it('says plainly when the scans cannot be read and retries on demand', async () => {
    const { api } = renderScorecardCard(<ImageFindings />, {
      scorecard: new Error('ECR poller stopped'),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Image scans could not be loaded: ECR poller stopped',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(api.getScorecard).toHaveBeenCalledTimes(2));
  });
});
