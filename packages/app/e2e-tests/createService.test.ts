import { test, expect } from '@playwright/test';
import { saveScreenshot, signInAsGuest } from './signIn';

/*
 * Issue 4 and 7: a newcomer creates a service through the golden-path form
 * against the sandbox (GitHub, ECR, Vault, Argo CD simulators), then opens
 * its catalog entity. A retry of this test meets the repository it created
 * and still succeeds: the template is idempotent.
 */
test('create a service from the golden-path form and open its entity', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  await page.goto('/create/templates/default/eks-service');

  // Service
  await page.getByRole('textbox', { name: 'Service name' }).fill('basket-api');
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Basket API for the web shop');
  await page.getByRole('textbox', { name: 'Owner' }).fill('Commerce');
  await page
    .getByRole('option', { name: /Commerce team/ })
    .first()
    .click();
  await page.getByRole('textbox', { name: 'System' }).fill('commerce');
  await page
    .getByRole('option', { name: /commerce/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();

  // Runtime: defaults are the highly available ones; only the namespace is asked.
  await expect(
    page.getByRole('spinbutton', { name: 'PodDisruptionBudget minAvailable' }),
  ).toHaveValue('2');
  await page
    .getByRole('textbox', { name: 'Kubernetes namespace' })
    .fill('commerce');
  await page.getByRole('button', { name: 'Next' }).click();

  // Networking and Secrets: defaults.
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();

  // AWS and delivery: two repository pickers, the sandbox host preselected.
  await page
    .getByRole('textbox', { name: 'AWS account ID' })
    .fill('123456789012');
  const owners = page.getByRole('textbox', { name: 'Owner' });
  const repos = page.getByRole('textbox', { name: 'Repository' });
  for (const [field, value] of [
    [owners.nth(0), 'acme'],
    [repos.nth(0), 'basket-api'],
    [owners.nth(1), 'platform'],
    [repos.nth(1), 'gitops'],
  ] as const) {
    await field.fill(value);
    await field.press('Tab');
  }
  await page.getByRole('button', { name: 'Next' }).click();

  // Messaging: no event bus (the default).
  await expect(page.getByText('Event bus').first()).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 240_000 });
  await expect(
    page
      .getByText('123456789012.dkr.ecr.eu-west-1.amazonaws.com/basket-api')
      .first(),
  ).toBeVisible();
  await saveScreenshot(page, 'create-service-task');

  await openInCatalog.click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/basket-api/);
  await expect(
    page.getByRole('heading', { name: 'basket-api' }).first(),
  ).toBeVisible({ timeout: 60_000 });
  await saveScreenshot(page, 'create-service-entity');
});
