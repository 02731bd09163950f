/* eslint-disable no-script-url -- hostile javascript: URLs are the input under test */
import { fireEvent, screen, within } from '@testing-library/react';
import {
  alertFixture,
  bareEntity,
  errorSource,
  FIXTURE_NOW,
  isoMinutesAgo,
  notConfiguredSource,
  staleSource,
  statusFixture,
} from '../../__testUtils__/fixtures';
import { renderCard } from '../../__testUtils__/renderCard';
import { AlertsCard } from './AlertsCard';

function withAlerts(alerts: ReturnType<typeof alertFixture>[]) {
  return statusFixture({
    alerts: {
      state: 'ok',
      data: { alerts, instances: [{ name: 'main', state: 'ok' }] },
    },
  });
}

describe('AlertsCard', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW));
  afterEach(() => jest.restoreAllMocks());

  it('shows a skeleton while loading', async () => {
    renderCard(<AlertsCard />, 'pending');
    expect(
      await screen.findByRole('progressbar', { name: 'Loading Alertmanager' }),
    ).toBeInTheDocument();
  });

  it('shows an all-clear state', async () => {
    renderCard(<AlertsCard />, withAlerts([]));
    expect(await screen.findByTestId('alerts-all-clear')).toHaveTextContent(
      'All clear: no alerts firing',
    );
  });

  it('groups firing alerts by severity with age, summary and links', async () => {
    renderCard(
      <AlertsCard />,
      withAlerts([
        alertFixture(),
        alertFixture({
          fingerprint: 'w1',
          name: 'ServiceLatencyBudgetBurnSlow',
          severity: 'warning',
          startsAt: isoMinutesAgo(65),
          runbookUrl: undefined,
        }),
      ]),
    );
    const critical = await screen.findByRole('region', {
      name: 'Critical alerts',
    });
    expect(within(critical).getByText('Critical (1)')).toBeInTheDocument();
    expect(
      within(critical).getByText('firing since 12 min'),
    ).toBeInTheDocument();
    expect(
      within(critical).getByText(
        'checkout is burning its availability error budget fast (page)',
      ),
    ).toBeInTheDocument();
    expect(
      within(critical).getByRole('link', {
        name: /^Open ServiceAvailabilityBudgetBurnFast in Alertmanager main/,
      }),
    ).toHaveAttribute('href', expect.stringContaining('127.0.0.1:7193'));
    expect(
      within(critical).getByRole('link', {
        name: /^Runbook for ServiceAvailabilityBudgetBurnFast/,
      }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/checkout/blob/main/docs/runbook.md#serviceavailabilitybudgetburnfast',
    );
    const warning = screen.getByRole('region', { name: 'Warning alerts' });
    expect(
      within(warning).getByText('firing since 1 h 5 min'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('alerts-all-clear')).not.toBeInTheDocument();
  });

  it('never renders a javascript: or data: link from an alert', async () => {
    renderCard(
      <AlertsCard />,
      withAlerts([
        alertFixture({
          runbookUrl: 'javascript:alert(1)',
          url: 'data:text/html,<script>alert(1)</script>',
        }),
      ]),
    );
    const critical = await screen.findByRole('region', {
      name: 'Critical alerts',
    });
    expect(
      within(critical).getByText('ServiceAvailabilityBudgetBurnFast'),
    ).toBeVisible();
    expect(within(critical).queryByText('Runbook')).not.toBeInTheDocument();
    expect(within(critical).queryByRole('link')).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toMatch(/javascript:|data:text/);
  });

  it('collapses silenced alerts', async () => {
    renderCard(
      <AlertsCard />,
      withAlerts([alertFixture({ silenced: true, state: 'suppressed' })]),
    );
    const summary = await screen.findByText('1 silenced or inhibited alert');
    const details = summary.closest('details')!;
    expect(details).not.toHaveAttribute('open');
    fireEvent.click(summary);
    expect(
      within(details).getByText('ServiceAvailabilityBudgetBurnFast'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('alerts-all-clear')).toBeInTheDocument();
  });

  it('names a failing Alertmanager while showing the others', async () => {
    renderCard(
      <AlertsCard />,
      statusFixture({
        alerts: {
          state: 'ok',
          data: {
            alerts: [alertFixture()],
            instances: [
              { name: 'main', state: 'ok' },
              {
                name: 'eu',
                state: 'error',
                error: {
                  upstream: 'alertmanager/eu',
                  message: 'timeout',
                  since: isoMinutesAgo(1),
                },
              },
            ],
          },
        },
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'alertmanager/eu is failing since 11:59 UTC',
    );
    expect(
      screen.getByRole('region', { name: 'Critical alerts' }),
    ).toBeInTheDocument();
  });

  it('shows stale alerts under a notice', async () => {
    renderCard(
      <AlertsCard />,
      statusFixture({
        alerts: staleSource(
          { alerts: [alertFixture()], instances: [] },
          'alertmanager/main',
        ),
      }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'alertmanager/main is failing',
    );
    expect(
      screen.getByText('ServiceAvailabilityBudgetBurnFast'),
    ).toBeInTheDocument();
  });

  it('names the failing upstream', async () => {
    renderCard(
      <AlertsCard />,
      statusFixture({ alerts: errorSource('alertmanager/main') }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'alertmanager/main is failing',
    );
  });

  it('passes on the not-configured hint', async () => {
    renderCard(
      <AlertsCard />,
      statusFixture({
        alerts: notConfiguredSource(
          'Configure eksPlatform.alertmanager.instances.',
        ),
      }),
    );
    expect(
      await screen.findByTestId('source-not-configured'),
    ).toHaveTextContent('Configure eksPlatform.alertmanager.instances.');
  });

  it('names the annotations to add when the entity has none', async () => {
    renderCard(<AlertsCard />, statusFixture(), bareEntity);
    expect(
      await screen.findByText('eks.platform/alert-matchers'),
    ).toBeInTheDocument();
  });
});
