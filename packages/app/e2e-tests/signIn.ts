import { Page, expect } from '@playwright/test';

/** Signs in with the guest provider, as a newcomer does on first start. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  // The <nav> element itself has no box of its own; its links do.
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** Saves a full-page screenshot under test-results/screenshots (git-ignored). */
export async function saveScreenshot(page: Page, name: string) {
  await page.screenshot({
    path: `test-results/screenshots/${name}.png`,
    fullPage: true,
  });
}
