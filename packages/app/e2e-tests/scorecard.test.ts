/*
 * The production-readiness scorecard in a real browser against the running
 * portal and the sandbox, whose demo fleet includes services that break
 * rules: the fleet sorted by score, the readiness card of the worst
 * service, the team view. Which demo service is worst is read from the
 * fleet, not hard-coded: the spec proves the pages agree with each other.
 */
import { expect, Page, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './axe';
import { saveScreenshot, signInAsGuest } from './signIn';

/** The backend computes scores once its watch caches are warm. */
const SCORES_TIMEOUT = 90_000;

async function openFleet(page: Page) {
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'EKS fleet' }).click();
  await expect(page).toHaveURL(/\/eks-platform\/fleet/);
  const table = page.getByRole('table', { name: 'Services' });
  await expect(table.locator('td[data-score]').first()).toBeAttached({
    timeout: SCORES_TIMEOUT,
  });
  return table;
}

test.describe('production-readiness scorecard', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('the fleet sorts by score, worst first, and the worst service’s readiness card says what fails and how to fix it', async ({
    page,
  }) => {
    const table = await openFleet(page);
    await table.getByRole('button', { name: 'Score' }).click();
    await expect(
      table.getByRole('columnheader', { name: /Score/ }),
    ).toHaveAttribute('aria-sort', 'ascending');
    const scores = (
      await table
        .locator('td[data-score]')
        .evaluateAll(cells =>
          cells.map(c => Number(c.getAttribute('data-score'))),
        )
    ).slice(0, 10);
    expect(scores.length).toBeGreaterThan(1);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(scores[0]).toBeLessThan(100);

    // The score filter keeps to services below the threshold, in the URL.
    await page.getByLabel('Score', { exact: true }).selectOption('90');
    await expect(page).toHaveURL(/scoreBelow=90/);
    await expect(table.locator('tbody tr').first()).toBeVisible();

    const worst = table.locator('tbody tr').first().getByRole('rowheader');
    const name = (await worst.textContent())!.trim();
    await worst.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/component/${name}`));

    const card = page.getByRole('region', {
      name: 'Production readiness',
      exact: true,
    });
    const failing = card.getByRole('list', { name: 'Failing rules' });
    await expect(failing).toBeVisible({ timeout: SCORES_TIMEOUT });
    const first = failing.getByRole('listitem', { name: /fails in/ }).first();
    await expect(first).toContainText('Why it matters:');
    await expect(first).toContainText('How to fix:');
    await expect(
      card.getByRole('list', { name: 'Score per environment' }),
    ).toBeVisible();
    // Right after the operational status on the overview.
    const top = async (region: string) =>
      (await page
        .getByRole('region', { name: region, exact: true })
        .boundingBox())!.y;
    await expect(
      page.getByRole('region', { name: 'Operational status', exact: true }),
    ).toBeVisible();
    expect(await top('Operational status')).toBeLessThan(
      await top('Production readiness'),
    );
    await saveScreenshot(page, 'eks-platform-readiness-card');
    await expectNoSeriousA11yViolations(
      page,
      'section[aria-label="Production readiness"]',
    );
  });

  test('the team view rolls scores up by owner and by system and leads to the fleet filtered to one', async ({
    page,
  }) => {
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await nav.getByRole('link', { name: 'Team readiness' }).click();
    await expect(page).toHaveURL(/\/eks-platform\/teams/);
    const byOwner = page.getByRole('table', { name: 'Readiness by owner' });
    await expect(byOwner.locator('tbody tr').first()).toBeVisible({
      timeout: SCORES_TIMEOUT,
    });
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, 'eks-platform-team-readiness');

    await page.getByRole('button', { name: 'By system' }).click();
    await expect(page).toHaveURL(/by=system/);
    const bySystem = page.getByRole('table', { name: 'Readiness by system' });
    const link = bySystem.locator('tbody tr').first().getByRole('link');
    await expect(link).toBeVisible({ timeout: SCORES_TIMEOUT });
    const system = (await link.textContent())!.trim();
    await link.click();
    await expect(page).toHaveURL(
      new RegExp(`/eks-platform/fleet\\?system=${system}$`),
    );
    await expect(page.getByLabel('System', { exact: true })).toHaveValue(
      system,
    );
  });
});
