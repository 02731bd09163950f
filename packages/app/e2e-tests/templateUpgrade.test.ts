/*
 * Template upgrades in a real browser (docs/template-upgrades.md, "In the
 * portal"): the sandbox's demo service legacy-invoicing was generated at
 * v1.0.0 of the demo template mini-service, which is at v1.1.0
 * (catalog/demo/template-upgrades.yaml, packages/sandbox/README.md). The
 * guest is a member of its owner, team-commerce. A re-run finds the pull
 * request of the first run and updates it.
 */
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { saveScreenshot, signInAsGuest } from './signIn';

const SERVICE = 'legacy-invoicing';
const GITHUB_API =
  process.env.SANDBOX_GITHUB_API_URL ?? 'http://127.0.0.1:7130/api/v3';
/** The sandbox GitHub's one token (packages/sandbox/src/ports.ts). */
const GITHUB_TOKEN = 'sandbox-github-token';

test.describe('template upgrades', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('the demo service shows the upgrade, previews it and opens its pull request', async ({
    page,
    request,
  }) => {
    await page.goto(`/catalog/default/component/${SERVICE}`);
    const banner = page.getByTestId('template-upgrade-banner');
    await expect(banner).toContainText(
      'Template v1.0.0 → v1.1.0 available (template:default/mini-service)',
      { timeout: 60_000 },
    );

    await banner.getByRole('button', { name: 'Preview changes' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Template upgrade v1.0.0 → v1.1.0',
    });
    await expect(dialog).toBeVisible({ timeout: 60_000 });
    await expect(
      dialog.getByRole('heading', { name: 'Changelog' }),
    ).toBeVisible();
    await expect(
      dialog.getByText('Removed docs/legacy-setup.md and the Makefile.'),
    ).toBeVisible();
    const diff = dialog.getByRole('region', { name: 'Diff of the upgrade' });
    await expect(diff).toContainText(
      'diff --git a/chart/values.yaml b/chart/values.yaml',
    );
    await expect(diff).toContainText('deleted file mode');
    await expectNoSeriousA11yViolations(page, '[role="dialog"]');
    await saveScreenshot(page, 'template-upgrade-preview');

    // The first run opens the pull request, a re-run updates it.
    const action = dialog.getByRole('button', {
      name: /^(Open|Update) pull request$/,
    });
    await expect(action).toBeVisible();
    await action.click();
    await expect(dialog).toBeHidden({ timeout: 60_000 });
    const link = banner.getByRole('link', {
      name: /^Upgrade pull request #\d+/,
    });
    await expect(link).toBeVisible({ timeout: 60_000 });
    await expect(banner).toContainText('is open');
    await expect(
      banner.getByRole('button', { name: 'Update pull request' }),
    ).toBeVisible();

    // The link's target is the pull request the sandbox GitHub has.
    const href = await link.getAttribute('href');
    const match = /\/acme\/legacy-invoicing\/pull\/(\d+)$/.exec(href ?? '');
    expect(match, `pull request link ${href}`).not.toBeNull();
    const pull = await request.get(
      `${GITHUB_API}/repos/acme/${SERVICE}/pulls/${match![1]}`,
      { headers: { authorization: `token ${GITHUB_TOKEN}` } },
    );
    expect(pull.status()).toBe(200);
    const body = await pull.json();
    expect(body.state).toBe('open');
    expect(body.head.ref).toBe('template-upgrade/v1.1.0');
    expect(body.html_url).toBe(href);
    const page2 = await request.get(href!);
    expect(page2.status()).toBe(200);

    // The fleet row shows the pull request the portal recorded, linked,
    // and the "open" filter keeps it (no GitHub call on the fleet's path).
    await page.goto('/eks-platform/fleet?template=behind&upgradePr=open');
    const table = page.getByRole('table', { name: 'Services' });
    const row = table.locator('tbody tr', {
      has: page.getByRole('link', { name: SERVICE, exact: true }),
    });
    const fleetLink = row.getByRole('link', {
      name: `PR open #${
        match![1]
      }: upgrade pull request of ${SERVICE}, Opens in a new window`,
    });
    await expect(fleetLink).toBeVisible({ timeout: 60_000 });
    await expect(fleetLink).toHaveAttribute('href', href!);
    await expect(row.locator('td[data-column="template"]')).toContainText(
      `1.0.0behind → 1.1.0 · PR open #${match![1]}`,
    );
    await expect(
      page.getByLabel('Upgrade pull request', { exact: true }),
    ).toHaveValue('open');
    await expectNoSeriousA11yViolations(page, 'table');
    await saveScreenshot(page, 'template-upgrade-fleet');
  });

  test("the fleet's template filter lists the demo service as behind", async ({
    page,
  }) => {
    await page.goto('/eks-platform/fleet?template=behind');
    const table = page.getByRole('table', { name: 'Services' });
    await expect(
      table.getByRole('link', { name: SERVICE, exact: true }),
    ).toBeVisible({ timeout: 60_000 });
    // Every demo service of the golden path is on its newest version.
    await expect(table.locator('tbody tr')).toHaveCount(1);
  });
});
