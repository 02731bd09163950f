import { screen, within } from '@testing-library/react';
import {
  clusterFixture,
  errorSource,
  FIXTURE_NOW,
  isoMinutesAgo,
  statusFixture,
} from '../../__testUtils__/fixtures';
import { renderCard } from '../../__testUtils__/renderCard';
import { PlatformContent } from './PlatformContent';

describe('PlatformContent', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it('shows skeletons while loading', async () => {
    renderCard(<PlatformContent />, 'pending');
    expect(
      await screen.findByRole('progressbar', {
        name: 'Loading platform health',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('progressbar', { name: 'Loading Kubernetes' }),
    ).toHaveLength(2);
  });

  it('puts health, zones, rollouts, Argo CD and registrations together', async () => {
    const status = statusFixture();
    status.health = {
      level: 'warning',
      reasons: ['Autoscaler pinned at max replicas in prod'],
    };
    const { api } = renderCard(<PlatformContent />, status);
    const health = await screen.findByRole('group', { name: 'Overall health' });
    expect(health).toHaveTextContent('Warning');
    expect(health).toHaveTextContent(
      'Autoscaler pinned at max replicas in prod',
    );
    const zones = screen.getByRole('table', {
      name: 'Pods per cluster and zone',
    });
    expect(
      within(zones)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toContain('eu-west-1c');
    expect(within(zones).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByRole('table', { name: 'Rollouts' })).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Argo CD applications' }),
    ).toBeInTheDocument();
    expect(screen.getByText('services/checkout')).toBeInTheDocument();
    // The Platform tab shows the details: the full view, not the summary.
    expect(api.getEntityStatus).toHaveBeenCalledWith(
      'component:default/checkout',
      { view: 'full' },
    );
  });

  it('marks a failing cluster while the others render', async () => {
    const failing = clusterFixture('prod', {
      state: 'error',
      error: {
        upstream: 'kubernetes/prod',
        message: 'connect ECONNREFUSED',
        since: isoMinutesAgo(1),
      },
    });
    renderCard(
      <PlatformContent />,
      statusFixture({
        kubernetes: {
          state: 'ok',
          data: { clusters: [clusterFixture('dev'), failing] },
        },
      }),
    );
    const zones = await screen.findByRole('table', {
      name: 'Pods per cluster and zone',
    });
    expect(
      within(zones).getByText('Failing: kubernetes/prod connect ECONNREFUSED'),
    ).toBeInTheDocument();
    expect(
      within(zones).getByText('Pods are spread across zones and nodes'),
    ).toBeInTheDocument();
  });

  it('keeps the other sections when Argo CD fails', async () => {
    renderCard(
      <PlatformContent />,
      statusFixture({ argocd: errorSource('argocd/main') }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'argocd/main is failing',
    );
    expect(screen.getByRole('table', { name: 'Rollouts' })).toBeInTheDocument();
  });

  it('names the backend when the request fails', async () => {
    renderCard(<PlatformContent />, new Error('Request failed with 500'));
    expect((await screen.findAllByRole('alert'))[0]).toHaveTextContent(
      'The EKS platform backend is failing: Request failed with 500.',
    );
    // Registrations come from the entity and still render.
    expect(screen.getByText('services/checkout')).toBeInTheDocument();
  });

  it('says, for a service not deployed yet, what each section will show and links the registration pull request and CI run', async () => {
    const status = statusFixture({
      kubernetes: { state: 'ok', data: { clusters: [] } },
    });
    status.health = {
      level: 'pending',
      reasons: ['Not deployed yet: registration pull request #7 is open'],
      registration: {
        pullRequest: {
          url: 'http://127.0.0.1:7130/acme/gitops/pull/7',
          title: 'Register basket-api',
          number: 7,
        },
        ciRun: {
          url: 'http://127.0.0.1:7130/acme/basket-api/actions/runs/1',
          status: 'in_progress',
        },
      },
    };
    renderCard(<PlatformContent />, status);
    const pending = await screen.findAllByTestId('pending-deployment');
    expect(pending.map(section => section.textContent)).toEqual([
      expect.stringContaining(
        'The pods per cluster and availability zone will appear here once the service is deployed.',
      ),
      expect.stringContaining(
        "Each cluster's rollout will appear here once the service is deployed.",
      ),
      expect.stringContaining(
        'The Argo CD application of each environment will appear here once the service is deployed.',
      ),
    ]);
    for (const section of pending) {
      expect(
        within(section).getByRole('link', {
          name: /Registration pull request #7/,
        }),
      ).toHaveAttribute('href', 'http://127.0.0.1:7130/acme/gitops/pull/7');
      expect(
        within(section).getByRole('link', { name: /CI run \(in progress\)/ }),
      ).toBeInTheDocument();
    }
    // No empty tables that read like a broken service.
    expect(screen.queryByRole('table', { name: 'Rollouts' })).toBeNull();
    expect(
      screen.queryByRole('table', { name: 'Argo CD applications' }),
    ).toBeNull();
    // Vault is registered already; its secrets are read once deployed.
    expect(
      screen.getByText(
        "The service's pods will read them once it is deployed.",
      ),
    ).toBeInTheDocument();
  });
});
