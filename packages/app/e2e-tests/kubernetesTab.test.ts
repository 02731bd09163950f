import { test, expect } from '@playwright/test';
import { saveScreenshot, signInAsGuest } from './signIn';

/*
 * Issue 3's acceptance: the default start shows the demo services with live
 * workloads in Backstage's stock Kubernetes tab, from the sandbox's three
 * simulated clusters.
 */
test('the stock Kubernetes tab shows live pods in three clusters', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/order-service/kubernetes');
  await expect(
    page.getByRole('heading', { name: 'Your Clusters' }),
  ).toBeVisible();
  for (const cluster of ['dev', 'stage', 'prod']) {
    await expect(
      page.getByText(cluster, { exact: true }).first(),
    ).toBeVisible();
  }
  // Each cluster summary counts the service's pods.
  await expect(page.getByText(/^\d+ pods$/)).toHaveCount(3);
  await saveScreenshot(page, 'kubernetes-tab');
});
