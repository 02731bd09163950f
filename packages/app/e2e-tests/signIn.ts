import { expect, Page } from '@playwright/test';

/** Signs in with the guest provider (the app's sign-in page shows an "Enter" button). */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  // The first visit compiles and loads the app bundle: allow for a busy machine.
  await expect(enter).toBeVisible({ timeout: 60_000 });
  await enter.click();
  // The <nav> element itself has no box of its own; its links do.
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible({ timeout: 60_000 });
}

/** Full-page screenshot under test-results/screenshots (git-ignored), for the README. */
export async function saveScreenshot(page: Page, name: string) {
  await page.screenshot({
    path: `test-results/screenshots/${name}.png`,
    fullPage: true,
  });
}
