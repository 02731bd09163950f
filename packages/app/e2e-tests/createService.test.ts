import { test, expect } from '@playwright/test';
import { saveScreenshot, signInAsGuest } from './signIn';
import {
  createFromReview,
  fillGoldenPathForm,
  waitForTaskCompleted,
} from './goldenPathForm';

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
  await fillGoldenPathForm(page, {
    name: 'basket-api',
    description: 'Basket API for the web shop',
    ownerSearch: 'Commerce',
    ownerOption: /Commerce team/,
    system: 'commerce',
    namespace: 'commerce',
    awsAccountId: '123456789012',
    repository: { owner: 'acme', name: 'basket-api' },
    gitops: { owner: 'platform', name: 'gitops' },
  });
  await createFromReview(page);

  const openInCatalog = await waitForTaskCompleted(page);
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
