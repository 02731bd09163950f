import { test, expect } from '@playwright/test';
import { saveScreenshot, signInAsGuest } from './signIn';

/*
 * Issue 4, 7 and 12: a newcomer creates a service through the golden-path
 * form against the sandbox (GitHub, ECR, Vault, Argo CD simulators): the
 * environments come from platform config, a caller and a dependency are
 * picked from the demo catalog, and nothing platform-specific is typed.
 * Then the catalog entity opens. A retry of this test meets the repository
 * it created and still succeeds: the template is idempotent.
 */
test('create a service from the golden-path form and open its entity', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  await page.goto('/create/templates/default/eks-service');

  // Service: the description takes ordinary punctuation.
  await page.getByRole('textbox', { name: 'Service name' }).fill('basket-api');
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Basket API for the web shop (EU & US): "add", "remove" - fast.');
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

  // Environments from platform config (GET /api/eks-platform/v1/environments),
  // all chosen on a new form; no namespace, account or cluster is asked.
  for (const environment of [
    /Development \(dev\)/,
    /Staging \(stage\)/,
    /Production \(prod\)/,
  ]) {
    await expect(
      page.getByRole('checkbox', { name: environment }),
    ).toBeChecked();
  }
  await expect(page.getByText(/cluster prod, eu-west-1/)).toBeVisible();
  await expect(
    page.getByRole('spinbutton', { name: 'PodDisruptionBudget minAvailable' }),
  ).toHaveValue('2');
  // Autoscaling is on: its range is asked, a fixed replica count is not.
  await expect(
    page.getByRole('spinbutton', { name: 'Autoscaler minimum replicas' }),
  ).toBeVisible();
  await expect(
    page.getByRole('spinbutton', { name: 'Replicas', exact: true }),
  ).toHaveCount(0);
  await page.getByRole('button', { name: 'Next' }).click();

  // Networking: a caller and a dependency picked from the demo catalog.
  const callers = page.getByRole('textbox', { name: 'Allowed callers' });
  await callers.fill('frontend');
  await page
    .getByRole('option', { name: /frontend-ui/ })
    .first()
    .click();
  const dependencies = page.getByRole('textbox', { name: 'Dependencies' });
  await dependencies.fill('order-service');
  await page
    .getByRole('option', { name: /order-service/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();

  // Secrets: defaults.
  await page.getByRole('button', { name: 'Next' }).click();

  // Repository: one picker, the sandbox host preselected.
  for (const [field, value] of [
    [page.getByRole('textbox', { name: 'Owner' }), 'acme'],
    [page.getByRole('textbox', { name: 'Repository' }), 'basket-api'],
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
  // The punctuation arrived as typed.
  await expect(
    page
      .getByText(
        'Basket API for the web shop (EU & US): "add", "remove" - fast.',
      )
      .first(),
  ).toBeVisible();
  await saveScreenshot(page, 'create-service-entity');
});
