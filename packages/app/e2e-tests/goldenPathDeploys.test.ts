import { expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  ClusterAccess,
  DEFAULT_PORTS,
  GitHubAccess,
  mergeWhenOpen,
  runReleaseWorkflow,
  SANDBOX_TOKENS,
  waitUntilRunning,
} from '@internal/eks-platform-sandbox';
import AxeBuilder from '@axe-core/playwright';
import { saveScreenshot, signInAsGuest } from './signIn';
import {
  createFromReview,
  fillGoldenPathForm,
  waitForTaskCompleted,
} from './goldenPathForm';

/*
 * Issue 12, in the browser: a service created through the golden-path form
 * really runs in dev, stage and prod. A platform reviewer merges the
 * registration pull request in the sandbox GitHub; the sandbox Argo CD
 * renders the generated chart with the real Helm and applies it to each
 * environment's real API server; the workload simulator runs the pods. The
 * entity page then shows, for each of the three clusters, the service's
 * pods in three zones, its HPA and its PDB. The time from clicking
 * "Create" to that is printed (and written to bench/results/ by
 * `yarn bench:golden-path`). A release then goes dev → stage → prod
 * through the generated repository's own promotion script, the stage and
 * prod pull requests merged as a reviewer would, and the entity page shows
 * the new image rolled out everywhere.
 */

const SERVICE = 'wishlist-api';
const NAMESPACE = 'commerce';
const CLUSTERS = ['dev', 'stage', 'prod'];
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const GITHUB: GitHubAccess = {
  apiBaseUrl: `http://127.0.0.1:${DEFAULT_PORTS.github}/api/v3`,
  token: SANDBOX_TOKENS.github,
};
const ARGOCD = {
  url: `http://127.0.0.1:${DEFAULT_PORTS.argocd}`,
  token: SANDBOX_TOKENS.argocd,
};

/**
 * The clusters as the portal reads them (the CA the sandbox wrote for
 * app-config.yaml, the portal's token), to tell how much of the figure is
 * the deployment and how much the portal's refresh.
 */
function clusterAccess(): ClusterAccess[] {
  // An e2e test only ever runs from source.
  // eslint-disable-next-line no-restricted-syntax
  const caFile = path.resolve(
    __dirname,
    '../../../.cache/sandbox/kubernetes-ca-data.txt',
  );
  const caPem = Buffer.from(
    fs.readFileSync(caFile, 'utf8').trim(),
    'base64',
  ).toString('utf8');
  return CLUSTERS.map(name => ({
    name,
    url: `https://127.0.0.1:${DEFAULT_PORTS.kubernetes[name]}`,
    caPem,
    token: SANDBOX_TOKENS.kubernetes,
  }));
}

/** The Platform tab, reloaded until every cluster has ready pods in every zone and the spread holds. */
async function expectPodsInThreeZones(page: Page, timeoutMs: number) {
  await page.goto(`/catalog/default/component/${SERVICE}/platform`);
  const placement = page.getByRole('table', {
    name: 'Pods per cluster and zone',
  });
  await expect(async () => {
    await page.reload();
    await expect(placement).toBeVisible({ timeout: 15_000 });
    for (const zone of ZONES) {
      await expect(
        placement.getByRole('columnheader', { name: zone }),
      ).toBeVisible({ timeout: 1000 });
    }
    for (const cluster of CLUSTERS) {
      const cells = placement.locator(`tr[data-cluster="${cluster}"] td`);
      const counts = (await cells.allInnerTexts()).slice(0, ZONES.length);
      expect(
        { cluster, podsPerZone: counts.map(Number).map(n => n > 0) },
        `pods of ${SERVICE} per zone in ${cluster}: ${counts.join(', ')}`,
      ).toEqual({ cluster, podsPerZone: ZONES.map(() => true) });
      await expect(
        placement
          .locator(`tr[data-cluster="${cluster}"]`)
          .getByText('Pods are spread across zones and nodes'),
      ).toBeVisible({ timeout: 1000 });
    }
  }).toPass({ timeout: timeoutMs, intervals: [2000] });
}

/** The Rollouts table, reloaded until each cluster runs `image` with every replica ready. */
async function expectRolledOut(page: Page, image: RegExp, timeoutMs: number) {
  await expect(async () => {
    await page.reload();
    const rollouts = page.getByRole('table', { name: 'Rollouts' });
    await expect(rollouts).toBeVisible({ timeout: 15_000 });
    for (const cluster of CLUSTERS) {
      const row = rollouts.locator('tbody tr').filter({
        has: page.getByRole('cell', { name: cluster, exact: true }),
      });
      await expect(row).toHaveCount(1, { timeout: 1000 });
      const [, , ready, , images] = await row.locator('td').allInnerTexts();
      expect(`${cluster}: ${images}`).toMatch(image);
      // "3 of 3 ready" (", 1 updated" while an older image remains).
      const [readyCount, desired] = (ready.match(/^(\d+) of (\d+) ready/) ?? [])
        .slice(1)
        .map(Number);
      expect(`${cluster}: ${readyCount}/${desired}`).toBe(
        `${cluster}: ${desired}/${desired}`,
      );
      expect(
        ready,
        `${cluster}: no replica left of an older image`,
      ).not.toMatch(/updated/);
    }
  }).toPass({ timeout: timeoutMs, intervals: [2000] });
}

/** The overview's Autoscaling and Disruption budget cards: one HPA and one PDB per cluster. */
async function expectHpaAndPdbPerCluster(page: Page) {
  await page.goto(`/catalog/default/component/${SERVICE}`);
  for (const [card, group] of [
    ['Autoscaling', new RegExp(`^Autoscaler ${SERVICE}`)],
    ['Disruption budget', new RegExp(`^Disruption budget ${SERVICE}`)],
  ] as const) {
    const region = page.getByRole('region', { name: card, exact: true });
    await expect(region).toBeVisible({ timeout: 60_000 });
    for (const cluster of CLUSTERS) {
      const section = region.locator(`section[data-cluster="${cluster}"]`);
      await expect(section.getByRole('group', { name: group })).toBeVisible();
    }
  }
}

/** Axe on this plugin's parts of the page: no serious or critical violation. */
async function expectNoSeriousA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .include('[data-plugin="eks-platform"]')
    .analyze();
  const serious = violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(serious.map(v => `${v.id}: ${v.help}`)).toEqual([]);
}

/**
 * Issue 18: before the registration pull request is merged, the new service
 * is Pending (not Healthy) on the Platform tab, the overview's cards and
 * the fleet, each pointing to the open pull request.
 */
async function expectPendingWithPullRequest(page: Page) {
  const pullRequest = /^Registration pull request #\d+/;
  await page.goto(`/catalog/default/component/${SERVICE}/platform`);
  const health = page.getByRole('group', { name: 'Overall health' });
  await expect(async () => {
    await page.reload();
    await expect(health.getByText('Pending', { exact: true })).toBeVisible({
      timeout: 15_000,
    });
  }).toPass({ timeout: 120_000, intervals: [2000] });
  await expect(health.getByText('Healthy', { exact: true })).toHaveCount(0);
  await expect(health.getByRole('link', { name: pullRequest })).toHaveAttribute(
    'href',
    new RegExp(`/platform/gitops/pull/\\d+$`),
  );
  await expectNoSeriousA11yViolations(page);
  await saveScreenshot(page, 'golden-path-pending-platform-tab');

  await page.goto(`/catalog/default/component/${SERVICE}`);
  const autoscaling = page.getByRole('region', {
    name: 'Autoscaling',
    exact: true,
  });
  await expect(
    autoscaling.getByText(/will appear here once the service is deployed/),
  ).toBeVisible({ timeout: 60_000 });
  await expect(autoscaling.getByText(/Add one/)).toHaveCount(0);
  await expect(
    autoscaling.getByRole('link', { name: pullRequest }),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.goto('/eks-platform/fleet');
  const row = page
    .getByRole('table', { name: 'Services' })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: SERVICE, exact: true }) });
  await expect(row.getByText('Pending', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  await expect(row.getByRole('link', { name: pullRequest })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
}

function writeBenchResult(figures: Record<string, number>) {
  const dir = process.env.GOLDEN_PATH_RESULTS;
  if (!dir) return;
  const measuredAt = new Date().toISOString();
  const result = {
    benchmark: 'golden-path',
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim(),
    measuredAt,
    machine: { cpus: os.cpus().length, node: process.version },
    setup: {
      flow: 'browser form → scaffolder → registration PR merged over REST → sandbox Argo CD (real git, real Helm, server-side apply) → real kube-apiservers → workload simulator; entity page polled every 2 s',
      clusters: CLUSTERS.join(', '),
      browser: 'Debian Chromium, headless',
    },
    ms: figures,
  };
  fs.mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(result, null, 2)}\n`;
  fs.writeFileSync(
    path.join(dir, `golden-path-${measuredAt.replace(/[:.]/g, '-')}.json`),
    text,
  );
  fs.writeFileSync(path.join(dir, 'golden-path-latest.json'), text);
}

test('a service created in the browser runs in dev, stage and prod', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await signInAsGuest(page);
  await fillGoldenPathForm(page, {
    name: SERVICE,
    description: 'Wish lists for the web shop',
    ownerSearch: 'Commerce',
    ownerOption: /Commerce team/,
    system: 'commerce',
    repository: { owner: 'acme', name: SERVICE },
  });
  const clickedAt = await createFromReview(page);
  await waitForTaskCompleted(page);
  const taskMs = Date.now() - clickedAt;

  await expectPendingWithPullRequest(page);

  // A platform reviewer merges the registration pull request.
  await mergeWhenOpen(
    GITHUB,
    'platform/gitops',
    `backstage/eks-platform/${SERVICE}`,
  );
  // Only for the report: when the API servers hold it running (the page shows it later).
  let apiRunningMs: number | undefined;
  waitUntilRunning(clusterAccess(), NAMESPACE, SERVICE, { timeoutMs: 300_000 })
    .then(() => {
      apiRunningMs = Date.now() - clickedAt;
    })
    .catch(() => {});

  await expectPodsInThreeZones(page, 300_000);
  // Deployed: its real state, no longer Pending.
  await expect(
    page
      .getByRole('group', { name: 'Overall health' })
      .getByText('Pending', { exact: true }),
  ).toHaveCount(0);
  await expectRolledOut(page, /wishlist-api:/, 60_000);
  const runningMs = Date.now() - clickedAt;
  await saveScreenshot(page, 'golden-path-platform-tab');
  await expectHpaAndPdbPerCluster(page);
  await saveScreenshot(page, 'golden-path-overview');

  // A release through the generated workflow's promotion script.
  const release = await runReleaseWorkflow({
    github: GITHUB,
    repository: `acme/${SERVICE}`,
    argocd: ARGOCD,
  });
  expect(release.jobs.map(j => j.environment)).toEqual(CLUSTERS);
  await page.goto(`/catalog/default/component/${SERVICE}/platform`);
  await expectRolledOut(page, new RegExp(`:${release.imageTag}$`), 300_000);
  const releasedMs = Date.now() - clickedAt;

  // eslint-disable-next-line no-console
  console.log(
    `golden path in the browser: "Create" → task done ${(taskMs / 1000).toFixed(
      1,
    )} s, → running in three clusters ${(runningMs / 1000).toFixed(
      1,
    )} s on the entity page (${
      apiRunningMs === undefined ? '?' : (apiRunningMs / 1000).toFixed(1)
    } s in the API servers), → a release promoted to all three ${(
      releasedMs / 1000
    ).toFixed(1)} s`,
  );
  writeBenchResult({
    createToTaskCompleted: taskMs,
    createToRunningInThreeClusters: runningMs,
    ...(apiRunningMs === undefined
      ? {}
      : { createToRunningInThreeApiServers: apiRunningMs }),
    createToReleasePromotedToThreeClusters: releasedMs,
  });
});
