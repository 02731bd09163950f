/*
 * The EKS platform plugin in a real browser, against the running portal
 * and the sandbox (playwright.config.ts at the root starts both with
 * `yarn start:all`). Screenshots land in test-results/screenshots.
 */
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { saveScreenshot, signInAsGuest } from './signIn';

const SANDBOX_CONTROL =
  process.env.SANDBOX_CONTROL_URL ?? 'http://127.0.0.1:7100';
const SERVICE = 'order-service';
/** The demo service the sandbox gives a 20 % error ratio (its `highErrorRate` fault). */
const FAILING_SERVICE = 'feature-flags';
const JAEGER = process.env.SANDBOX_JAEGER_URL ?? 'http://127.0.0.1:7150';
const CARD_TITLES = ['Autoscaling', 'Disruption budget', 'Alerts', 'Traces'];

async function sandboxCluster(name: string, action: 'stop' | 'start') {
  const res = await fetch(
    `${SANDBOX_CONTROL}/sandbox/clusters/${name}/${action}`,
    { method: 'POST' },
  );
  expect(res.ok, `sandbox ${action} ${name}: HTTP ${res.status}`).toBe(true);
}

test.describe('EKS platform plugin', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('the overview opens with the operational status, one verdict per source, above the detail cards', async ({
    page,
  }) => {
    await page.goto(`/catalog/default/component/${SERVICE}`);
    const status = page.getByRole('region', {
      name: 'Operational status',
      exact: true,
    });
    for (const line of [
      'Autoscaling',
      'Disruption budget',
      'Alerts',
      'Traces',
      'Argo CD',
      'Zone spread',
    ]) {
      const item = status.getByRole('listitem', { name: line, exact: true });
      await expect(item).toBeVisible({ timeout: 60_000 });
      await expect(item.getByRole('link', { name: line })).toBeVisible();
    }
    // It is the first card of the overview: above every detail card.
    const top = async (name: string) =>
      (await page.getByRole('region', { name, exact: true }).boundingBox())!.y;
    await expect(
      page.getByRole('region', { name: 'Autoscaling', exact: true }),
    ).toBeVisible({ timeout: 60_000 });
    expect(await top('Operational status')).toBeLessThan(
      await top('Autoscaling'),
    );
    // Its Autoscaling line leads to the Autoscaling card's details.
    await status
      .getByRole('listitem', { name: 'Autoscaling', exact: true })
      .getByRole('link')
      .click();
    await expect(page).toHaveURL(/#eks-platform-autoscaling$/);
    await saveScreenshot(page, 'eks-platform-operational-status');
    await expectNoSeriousA11yViolations(page);
  });

  test('a demo service overview shows the four cards with live data', async ({
    page,
  }) => {
    await page.goto(`/catalog/default/component/${SERVICE}`);
    for (const title of CARD_TITLES) {
      // Cards load lazily below the entity's own cards.
      await expect(
        page.getByRole('region', { name: title, exact: true }),
      ).toBeVisible({
        timeout: 60_000,
      });
    }
    const autoscaling = page.getByRole('region', {
      name: 'Autoscaling',
      exact: true,
    });
    await expect(autoscaling.getByText('Current').first()).toBeVisible();
    await expect(autoscaling.getByText(/^Updated \d+/)).toBeVisible();
    await expect(
      page
        .getByRole('region', { name: 'Disruption budget', exact: true })
        .getByText('Allowed disruptions')
        .first(),
    ).toBeVisible();
    // Rate, errors and latency from the real collector's span metrics.
    const traffic = page
      .getByRole('region', { name: 'Traces', exact: true })
      .getByRole('definition');
    await expect(traffic.nth(0)).toHaveText(/^[\d,.]+ req\/s$/, {
      timeout: 60_000,
    });
    await expect(traffic.nth(0)).not.toHaveText('0.00 req/s');
    await expect(traffic.nth(1)).toHaveText(/^[\d.]+ %$/);
    await expect(traffic.nth(2)).toHaveText(/^[\d.]+ (ms|s)$/);
    const alerts = page.getByRole('region', { name: 'Alerts', exact: true });
    await expect(
      alerts.getByText(/All clear: no alerts firing|\(\d+\)$/).first(),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, 'eks-platform-overview-cards');
  });

  test('the Traces card of a failing service links to its error traces in Jaeger', async ({
    page,
  }) => {
    // The demo's highErrorRate service (20 % of requests fail).
    await page.goto(`/catalog/default/component/${FAILING_SERVICE}`);
    const traces = page.getByRole('region', { name: 'Traces', exact: true });
    await expect(traces.getByText('Recent error traces')).toBeVisible({
      timeout: 90_000,
    });
    const link = traces.getByRole('link', { name: /^Error trace / }).first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^http:\/\/127\.0\.0\.1:7150\/trace\/[0-9a-f]{32}$/);
    // The link names a trace the real Jaeger holds.
    const traceId = href!.split('/').pop();
    const trace = await fetch(`${JAEGER}/api/v3/traces/${traceId}`);
    expect(trace.status).toBe(200);
    await expect(traces.getByRole('definition').nth(1)).toHaveText(
      /^(\d\d(\.\d)?|[5-9]\.\d\d) %$/,
    );
    await saveScreenshot(page, 'eks-platform-traces-error-links');
  });

  test('the Platform tab shows the spread over three zones', async ({
    page,
  }) => {
    await page.goto(`/catalog/default/component/${SERVICE}/platform`);
    const zones = page.getByRole('table', {
      name: 'Pods per cluster and zone',
    });
    await expect(zones).toBeVisible();
    for (const zone of ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']) {
      await expect(
        zones.getByRole('columnheader', { name: zone }),
      ).toBeVisible();
    }
    await expect(page.getByRole('table', { name: 'Rollouts' })).toBeVisible();
    await expect(
      page.getByRole('table', { name: 'Argo CD applications' }),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, 'eks-platform-tab');
  });

  test('the fleet page lists the demo services and filters them', async ({
    page,
  }) => {
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await nav.getByRole('link', { name: 'EKS fleet' }).click();
    await expect(page).toHaveURL(/\/eks-platform\/fleet$/);
    await expect(page.getByText('Service fleet').first()).toBeVisible();
    const table = page.getByRole('table', { name: 'Services' });
    // Exact names: each row's reasons link to the service's Platform tab too.
    await expect(
      table.getByRole('link', { name: SERVICE, exact: true }),
    ).toBeVisible();
    await expect(
      table.getByRole('link', { name: 'frontend-ui', exact: true }),
    ).toBeVisible();

    await page.getByLabel('Owner').selectOption('team-commerce');
    await expect(
      table.getByRole('link', { name: SERVICE, exact: true }),
    ).toBeVisible();
    await expect(
      table.getByRole('link', { name: 'frontend-ui', exact: true }),
    ).toHaveCount(0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(
      table.getByRole('link', { name: 'frontend-ui', exact: true }),
    ).toBeVisible();

    await page.getByLabel('Search services').fill('order');
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();

    await table.getByRole('link', { name: SERVICE, exact: true }).click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${SERVICE}`),
    );
    await page.goBack();
    // Back on the fleet page: wait until it has rendered again, or axe finds
    // no plugin element to check.
    await expect(
      table.getByRole('link', { name: SERVICE, exact: true }),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, 'eks-platform-fleet');
  });

  test('with the prod cluster stopped the pages still render and mark it failing', async ({
    page,
  }) => {
    await sandboxCluster('prod', 'stop');
    try {
      await page.goto(`/catalog/default/component/${SERVICE}`);
      const autoscaling = page.getByRole('region', {
        name: 'Autoscaling',
        exact: true,
      });
      // The backend notices within its watch/deadline; the card refreshes every 15 s.
      await expect(
        autoscaling.getByText(/prod is failing/).first(),
      ).toBeVisible({ timeout: 90_000 });
      await expect(
        page
          .getByRole('region', { name: 'Traces', exact: true })
          .getByText('Requests', { exact: true }),
      ).toBeVisible();
      await saveScreenshot(page, 'eks-platform-cluster-down-overview');

      await page.goto(`/catalog/default/component/${SERVICE}/platform`);
      const zones = page.getByRole('table', {
        name: 'Pods per cluster and zone',
      });
      await expect(
        zones.getByRole('row').filter({ hasText: /^prod/ }),
      ).toContainText(/Failing|stale/);
      await saveScreenshot(page, 'eks-platform-cluster-down-tab');

      await page.goto('/eks-platform/fleet');
      await expect(
        page
          .getByRole('table', { name: 'Services' })
          .getByText(/prod \((failing|stale)\)/)
          .first(),
      ).toBeVisible();
      await saveScreenshot(page, 'eks-platform-cluster-down-fleet');
    } finally {
      await sandboxCluster('prod', 'start');
    }
  });
});
