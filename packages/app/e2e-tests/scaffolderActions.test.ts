import { test, expect } from '@playwright/test';
import { signInAsGuest, saveScreenshot } from './signIn';

/* Issue 5: the portal's action reference lists the EKS platform actions with their examples. */
test('/create/actions lists the eks:* actions', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/create/actions');
  for (const id of [
    'eks:ecr:create',
    'eks:argocd:register',
    'eks:vault:register',
    'eks:github:repo:configure',
    'eks:service:preflight',
  ]) {
    await expect(page.getByText(id, { exact: true }).first()).toBeAttached();
  }
  await saveScreenshot(page, 'scaffolder-actions');
});
