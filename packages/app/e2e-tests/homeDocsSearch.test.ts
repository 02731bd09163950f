/*
 * A newcomer's first steps: the home page at /, the standard routes, the
 * demo services' TechDocs (built with the pinned mkdocs) and search.
 */
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { saveScreenshot, signInAsGuest } from './signIn';

async function seriousA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .include('main')
    .analyze();
  return violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}

test.describe('home page, docs and search', () => {
  test('the home page says what the portal offers, lists the guest team’s services with their health and links to the golden path and the fleet', async ({
    page,
  }) => {
    const failedFetches: string[] = [];
    page.on('requestfailed', r => failedFetches.push(r.url()));
    await signInAsGuest(page);
    await expect(page).toHaveURL(/localhost:3000\/$/);
    await expect(
      page.getByRole('heading', { level: 1, name: 'EKS Platform' }),
    ).toBeVisible();
    for (const offer of [
      'Create a service',
      'See how services run',
      'Find docs and answers',
    ])
      await expect(page.getByText(offer, { exact: true })).toBeVisible();

    await expect(
      page.getByRole('link', { name: 'Start the golden path (EKS service)' }),
    ).toHaveAttribute('href', '/create/templates/default/eks-service');
    await expect(
      page.getByRole('link', { name: 'Open the fleet' }),
    ).toHaveAttribute('href', '/eks-platform/fleet');

    // The guest is a member of team-commerce (catalog/demo/org.yaml).
    const own = page.getByRole('list', { name: 'Your services' });
    const order = own
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: 'order-service' }) });
    await expect(order).toBeVisible();
    await expect(order.locator('[data-health]')).toHaveAttribute(
      'data-health',
      /^(healthy|warning|critical|unknown)$/,
    );
    // Another team's service is not the guest's.
    await expect(
      own.getByRole('link', { name: 'shipping-service' }),
    ).toHaveCount(0);
    await expect(page.getByText('Failed to fetch')).toHaveCount(0);
    expect(
      failedFetches.filter(u => !u.startsWith('http://localhost')),
    ).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'home-page');

    await page.getByRole('link', { name: 'Open the fleet' }).click();
    await expect(page).toHaveURL(/\/eks-platform\/fleet$/);
    await page.goBack();
    await page
      .getByRole('link', { name: 'Start the golden path (EKS service)' })
      .click();
    await expect(
      page.getByText('EKS service (golden path)').first(),
    ).toBeVisible();
  });

  test('the standard routes /catalog, /create and /docs answer', async ({
    page,
  }) => {
    // Three pages' first loads: minutes on the shared 2-core machine.
    test.setTimeout(300_000);
    await signInAsGuest(page);
    await page.goto('/catalog');
    await expect(
      page.getByRole('link', { name: 'order-service', exact: true }),
    ).toHaveAttribute('href', '/catalog/default/component/order-service', {
      timeout: 90_000,
    });
    await page.goto('/create');
    await expect(
      page.getByText('EKS service (golden path)').first(),
    ).toBeVisible();
    await page.goto('/docs');
    await expect(
      page.getByRole('link', { name: 'order-service', exact: true }),
    ).toBeVisible();
  });

  test('a demo service’s TechDocs build and render, and search for "gitops" finds services, templates and docs', async ({
    page,
  }) => {
    test.setTimeout(480_000);
    await signInAsGuest(page);
    // The first view builds the docs with the pinned mkdocs.
    await page.goto('/docs/default/component/order-service');
    await expect(
      page.getByRole('heading', { name: 'How it is deployed' }),
    ).toBeVisible({ timeout: 120_000 });
    await saveScreenshot(page, 'techdocs-order-service');

    // The collators run every minute (app-config.yaml search.collators);
    // the search page loads slowly on a busy machine.
    await expect(async () => {
      await page.goto('/search?query=gitops');
      await expect(
        page.getByRole('link', { name: 'How it is deployed' }).first(),
      ).toBeVisible({ timeout: 30_000 });
    }).toPass({ timeout: 240_000, intervals: [5_000] });
    await expect(
      page.getByRole('link', { name: 'How it is deployed' }).first(),
    ).toHaveAttribute('href', /^\/docs\/default\/component\/order-service\//);
    // What the search page shows when the backend answers with an error
    // (results themselves may well say "error").
    await expect(
      page.getByText('Error encountered while fetching search results'),
    ).toHaveCount(0);
    await saveScreenshot(page, 'search-gitops');

    await page.goto('/search?query=order-service');
    await expect(
      page
        .locator('a[href="/catalog/default/component/order-service"]')
        .first(),
    ).toBeVisible();
    await page.goto('/search?query=golden%20path');
    await expect(
      page.locator('a[href="/catalog/default/template/eks-service"]').first(),
    ).toBeVisible();
  });
});
