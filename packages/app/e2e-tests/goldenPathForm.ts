import { expect, Page } from '@playwright/test';

/*
 * The golden-path form's page actions, in one place: the form changes
 * (new pages, pickers) and every e2e test that creates a service goes
 * through here. Defaults are kept wherever the form has one; only what a
 * newcomer must type is typed.
 */

export interface GoldenPathFormInput {
  name: string;
  description: string;
  /** Matched against the owner picker's options, e.g. /Commerce team/. */
  ownerSearch: string;
  ownerOption: RegExp;
  system: string;
  namespace: string;
  awsAccountId: string;
  repository: { owner: string; name: string };
  gitops: { owner: string; name: string };
}

/** Opens the golden-path template and fills every page up to the review. */
export async function fillGoldenPathForm(
  page: Page,
  input: GoldenPathFormInput,
) {
  await page.goto('/create/templates/default/eks-service');

  // Service
  await page.getByRole('textbox', { name: 'Service name' }).fill(input.name);
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill(input.description);
  await page.getByRole('textbox', { name: 'Owner' }).fill(input.ownerSearch);
  await page.getByRole('option', { name: input.ownerOption }).first().click();
  await page.getByRole('textbox', { name: 'System' }).fill(input.system);
  await page
    .getByRole('option', { name: new RegExp(input.system) })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();

  // Runtime: defaults are the highly available ones; only the namespace is asked.
  await expect(
    page.getByRole('spinbutton', { name: 'PodDisruptionBudget minAvailable' }),
  ).toHaveValue('2');
  await page
    .getByRole('textbox', { name: 'Kubernetes namespace' })
    .fill(input.namespace);
  await page.getByRole('button', { name: 'Next' }).click();

  // Networking and Secrets: defaults.
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();

  // AWS and delivery: two repository pickers, the sandbox host preselected.
  await page
    .getByRole('textbox', { name: 'AWS account ID' })
    .fill(input.awsAccountId);
  const owners = page.getByRole('textbox', { name: 'Owner' });
  const repos = page.getByRole('textbox', { name: 'Repository' });
  for (const [field, value] of [
    [owners.nth(0), input.repository.owner],
    [repos.nth(0), input.repository.name],
    [owners.nth(1), input.gitops.owner],
    [repos.nth(1), input.gitops.name],
  ] as const) {
    await field.fill(value);
    await field.press('Tab');
  }
  await page.getByRole('button', { name: 'Next' }).click();

  // Messaging: no event bus (the default).
  await expect(page.getByText('Event bus').first()).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
}

/** Clicks "Create" on the review page; resolves with the time of the click. */
export async function createFromReview(page: Page): Promise<number> {
  const create = page.getByRole('button', { name: 'Create' });
  await expect(create).toBeEnabled();
  const clickedAt = Date.now();
  await create.click();
  return clickedAt;
}

/** Waits for the task to finish, as its "Open in catalog" link shows. */
export async function waitForTaskCompleted(page: Page) {
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 240_000 });
  return openInCatalog;
}
