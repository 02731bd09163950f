import { expect, Page } from '@playwright/test';

/*
 * The golden-path form's page actions, in one place: the form changes
 * (new pages, pickers) and every e2e test that creates a service goes
 * through here. Defaults are kept wherever the form has one; only what a
 * newcomer must choose is chosen. Nothing platform-specific is typed: the
 * environments come from platform config, the namespace, accounts,
 * registry and GitOps repository from eks:platform:resolve.
 */

/** A catalog pick: what to type into the picker, and the option to click. */
export interface CatalogPick {
  search: string;
  option: RegExp;
}

export interface GoldenPathFormInput {
  name: string;
  description: string;
  /** Matched against the owner picker's options, e.g. /Commerce team/. */
  ownerSearch: string;
  ownerOption: RegExp;
  system: string;
  repository: { owner: string; name: string };
  /** Services allowed to call this one, picked from the catalog. */
  allowedCallers?: CatalogPick[];
  /** Services and APIs this one calls, picked from the catalog. */
  dependencies?: CatalogPick[];
}

async function pick(page: Page, field: string, picks: CatalogPick[]) {
  const input = page.getByRole('textbox', { name: field });
  for (const { search, option } of picks) {
    await input.fill(search);
    await page.getByRole('option', { name: option }).first().click();
  }
}

/**
 * Opens the golden-path template; right after start-up the catalog may not
 * have ingested it yet, so it reloads until the form shows.
 */
export async function openGoldenPathForm(page: Page) {
  await expect(async () => {
    await page.goto('/create/templates/default/eks-service');
    await expect(
      page.getByRole('textbox', { name: 'Service name' }),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 120_000, intervals: [5_000] });
}

/** Fills the first page (Service) and presses Next; lifecycle keeps its default, experimental. */
export async function fillServicePage(
  page: Page,
  input: Pick<
    GoldenPathFormInput,
    'name' | 'description' | 'ownerSearch' | 'ownerOption' | 'system'
  >,
) {
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
}

/** Opens the golden-path template and fills every page up to the review. */
export async function fillGoldenPathForm(
  page: Page,
  input: GoldenPathFormInput,
) {
  await page.goto('/create/templates/default/eks-service');
  await fillServicePage(page, input);

  // Environments from platform config (GET /api/eks-platform/v1/environments),
  // all chosen on a new form; runtime defaults are the highly available ones.
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

  // Networking: callers and dependencies picked from the catalog.
  await pick(page, 'Allowed callers', input.allowedCallers ?? []);
  await pick(page, 'Dependencies', input.dependencies ?? []);
  await page.getByRole('button', { name: 'Next' }).click();

  // Secrets: defaults.
  await page.getByRole('button', { name: 'Next' }).click();

  // Repository: one picker, the sandbox host preselected.
  for (const [field, value] of [
    [page.getByRole('textbox', { name: 'Owner' }), input.repository.owner],
    [page.getByRole('textbox', { name: 'Repository' }), input.repository.name],
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
