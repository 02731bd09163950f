import { expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/**
 * No serious or critical axe violation in the EKS platform plugin's parts
 * of the page (the rest of the app is not ours to fix in these specs).
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  include = '[data-plugin="eks-platform"]',
) {
  const { violations } = await new AxeBuilder({ page })
    .include(include)
    .analyze();
  const serious = violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map(v => `${v.id}: ${v.nodes.map(n => n.target).join(', ')}`),
  ).toEqual([]);
}
