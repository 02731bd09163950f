import { test, expect } from '@playwright/test';
import { saveScreenshot, signInAsGuest } from './signIn';

test.describe('portal on its embedded defaults', () => {
  test('loads and shows the sidebar after guest sign-in', async ({ page }) => {
    await signInAsGuest(page);
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await expect(nav.getByRole('link', { name: 'Create' })).toBeVisible();
    await saveScreenshot(page, 'home');
  });

  test('catalog lists the demo services', async ({ page }) => {
    await signInAsGuest(page);
    await page.goto('/catalog');
    // The paginated list's count can load long after its rows on a busy
    // machine: the rows are what matters.
    await expect(page.getByText('All Components').first()).toBeVisible();
    for (const service of ['order-service', 'payment-gateway', 'api-gateway']) {
      await expect(
        page.getByRole('link', { name: service, exact: true }),
      ).toHaveAttribute('href', `/catalog/default/component/${service}`, {
        timeout: 90_000,
      });
    }
    await saveScreenshot(page, 'catalog');
  });

  test('an entity page opens with its relations', async ({ page }) => {
    await signInAsGuest(page);
    await page.goto('/catalog/default/component/order-service');
    await expect(
      page.getByRole('heading', { name: 'order-service' }).first(),
    ).toBeVisible();
    await expect(
      page.getByText('Order placement and order lifecycle').first(),
    ).toBeVisible();
    // The owner shows by its title, the system and APIs by their names.
    await expect(
      page.getByRole('link', { name: 'Commerce team' }).first(),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'commerce', exact: true }).first(),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'order-service-api' }).first(),
    ).toBeVisible();
    await saveScreenshot(page, 'entity-order-service');
  });

  // The api-docs widgets are patched down to the ones the portal shows
  // (README, Patched packages): OpenAPI must still render in Swagger UI,
  // and the raw definition still highlights YAML.
  test('an OpenAPI definition opens in Swagger UI and as highlighted YAML', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.goto('/catalog/default/api/api-gateway-api/definition');
    await expect(page.getByText('Api Gateway API').first()).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.locator('.swagger-ui .opblock-summary-path')).toHaveText(
      '/healthz',
    );
    await page.getByRole('tab', { name: 'Raw' }).click();
    // Highlighted, the YAML key (`openapi:`, highlight.js's attr token) is a
    // span of its own; plain text would keep `openapi: 3.0.3` in one line.
    await expect(
      page
        .locator('code span')
        .filter({ hasText: /^openapi:$/ })
        .first(),
    ).toBeVisible();
  });
});
