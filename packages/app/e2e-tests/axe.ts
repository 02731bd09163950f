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

/**
 * A rule disabled on a whole page because its only violations are inside a
 * stock Backstage component (named, so the exception can be dropped once
 * upstream fixes it). Never for our own components.
 */
export interface StockComponentException {
  rule: string;
  /** The upstream package and component whose markup breaks the rule. */
  component: string;
}

/**
 * No serious or critical axe violation anywhere on the page (the app's
 * header, sidebar and stock cards included), except the rules listed, each
 * for a named stock component.
 */
export async function expectWholePageWithoutSeriousA11yViolations(
  page: Page,
  exceptions: StockComponentException[] = [],
) {
  const { violations } = await new AxeBuilder({ page })
    .disableRules(exceptions.map(e => e.rule))
    .analyze();
  const serious = violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map(
      v =>
        `${v.id}: ${v.nodes
          .map(n => `${n.target} ${n.html.slice(0, 160)}`)
          .join(' | ')}`,
    ),
  ).toEqual([]);
}
