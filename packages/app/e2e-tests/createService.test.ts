import { test, expect } from '@playwright/test';
import { saveScreenshot, signInAsGuest } from './signIn';
import {
  createFromReview,
  fillGoldenPathForm,
  fillServicePage,
  openGoldenPathForm,
  waitForTaskCompleted,
} from './goldenPathForm';

/*
 * Issue 4, 7 and 12: a newcomer creates a service through the golden-path
 * form against the sandbox (GitHub, ECR, Vault, Argo CD simulators): the
 * environments come from platform config, a caller and a dependency are
 * picked from the demo catalog, and nothing platform-specific is typed.
 * Then the catalog entity opens. A retry of this test meets the repository
 * it created and still succeeds: the template is idempotent.
 */
const DESCRIPTION =
  'Basket API for the web shop (EU & US): "add", "remove" - fast.';

// The re-run below needs the service the first test created.
test.describe.configure({ mode: 'serial' });

const GITHUB_API =
  process.env.SANDBOX_GITHUB_API_URL ?? 'http://127.0.0.1:7130/api/v3';
/** The sandbox GitHub's one token (packages/sandbox/src/ports.ts). */
const GITHUB_TOKEN = 'sandbox-github-token';

test('a name whose repository exists in GitHub but not in the catalog is refused on the first step', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  // Someone made acme/inventory-sync by hand: a repository, no service.
  const created = await request.post(`${GITHUB_API}/orgs/acme/repos`, {
    headers: { authorization: `token ${GITHUB_TOKEN}` },
    data: { name: 'inventory-sync', auto_init: true, private: true },
  });
  // 422: made by an earlier run of this test.
  expect([201, 422]).toContain(created.status());
  // Not in the catalog: a catalog entity would be refused with the
  // catalog's sentence ("a service of … already uses it"), not this one.

  await signInAsGuest(page);
  await openGoldenPathForm(page);
  await fillServicePage(page, {
    name: 'inventory-sync',
    description: 'Stock sync',
    ownerSearch: 'Commerce',
    ownerOption: /Commerce team/,
    system: 'commerce',
  });

  await expect(page.locator('#root_name__error')).toHaveText(
    'The name inventory-sync is taken: the repository acme/inventory-sync already exists and is not a service of one of your teams. Choose another name.',
  );
  await expect(
    page.getByRole('textbox', { name: 'Service name' }),
  ).toBeFocused();
  // Still on the first step.
  await expect(page.getByRole('checkbox', { name: /Development/ })).toHaveCount(
    0,
  );
});

test('create a service from the golden-path form and open its entity', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await signInAsGuest(page);
  // Right after start-up the catalog may not have ingested the template yet.
  await openGoldenPathForm(page);
  await fillGoldenPathForm(page, {
    name: 'basket-api',
    // The description takes ordinary punctuation.
    description: DESCRIPTION,
    ownerSearch: 'Commerce',
    ownerOption: /Commerce team/,
    system: 'commerce',
    repository: { owner: 'acme', name: 'basket-api' },
    allowedCallers: [{ search: 'frontend', option: /frontend-ui/ }],
    dependencies: [{ search: 'order-service', option: /order-service/ }],
  });
  // Review speaks plain words: switches read Yes/No (not ✅/❌), choices
  // their titles.
  await expect(
    page.getByRole('row', { name: /Horizontal Pod Autoscaler\s*Yes/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('row', { name: /Istio sidecar\s*No/ }),
  ).toBeVisible();
  await expect(page.getByText(/[✅❌]/)).toHaveCount(0);
  // Picked entities by their catalog display names (the hidden
  // EksEntityDisplayName companions), never as refs.
  await expect(
    page.getByRole('row', { name: /^Owner\s*Commerce team$/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('row', { name: /^System\s*commerce$/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('row', { name: /^Allowed callers\s*frontend-ui$/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('row', { name: /^Dependencies\s*(api:)?order-service/ }),
  ).toBeVisible();
  await expect(
    page.getByText(/(group|system|component|api):default\//),
  ).toHaveCount(0);
  await createFromReview(page);

  const openInCatalog = await waitForTaskCompleted(page);
  // A new service: the "Existing service" output says nothing existed before.
  // The output box: the task log (mounted, hidden) repeats the sentence.
  await expect(
    page
      .getByTestId('text-output-box')
      .getByText(/Nothing of this service existed before/),
  ).toBeVisible();
  // The task page shows one text output at a time: open the image repository's.
  await page.getByRole('button', { name: 'Image repository' }).click();
  await expect(
    page
      .getByText('123456789012.dkr.ecr.eu-west-1.amazonaws.com/basket-api')
      .first(),
  ).toBeVisible();
  await saveScreenshot(page, 'create-service-task');

  await openInCatalog.click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/basket-api/);
  // The page's header names the entity even while the catalog has not
  // ingested it yet ("Entity not found", which never refreshes by itself):
  // reload until the catalog serves it. The punctuation arrived as typed.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText(DESCRIPTION).first()).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 120_000 });
  // The entity's name is the page's h1 (and its only one).
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'basket-api',
  );
  await saveScreenshot(page, 'create-service-entity');

  // Not deployed yet (its registration pull request is open): the Platform
  // tab's sections say what will appear and link the pull request, instead
  // of empty tables.
  await page.goto('/catalog/default/component/basket-api/platform');
  const pending = page.getByTestId('pending-deployment');
  await expect(async () => {
    await page.reload();
    await expect(pending).toHaveCount(4, { timeout: 15_000 });
  }).toPass({ timeout: 120_000, intervals: [2000] });
  for (const appears of [
    'The pods per cluster and availability zone',
    "Each cluster's rollout",
    'The Argo CD application of each environment',
    'The scans of the running images',
  ]) {
    await expect(
      page.getByText(
        `${appears} will appear here once the service is deployed.`,
      ),
    ).toBeVisible();
  }
  await expect(
    pending
      .first()
      .getByRole('link', { name: /^Registration pull request #\d+/ }),
  ).toBeVisible();
  await saveScreenshot(page, 'create-service-pending-platform-tab');

  // Its TechDocs build from the generated repository with the pinned mkdocs.
  await page.goto('/docs/default/component/basket-api');
  await expect(
    // mkdocs adds a permalink ("¶") to the page's heading.
    page.getByRole('heading', { name: /^basket-api\b/, level: 1 }),
  ).toBeVisible({ timeout: 180_000 });
  // Material for MkDocs links the heading from the page's navigation and
  // from its table of contents: either shows the page was built.
  await expect(
    page.getByRole('link', { name: 'Local development' }).first(),
  ).toBeVisible();
  await saveScreenshot(page, 'create-service-techdocs');
});

test('running the golden path again for an own service says it is a re-run and what it left unchanged', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  // Leaving the name field with the name of a service the guest's team owns:
  // the field says it is a re-run (and lets it through).
  await page.goto('/create/templates/default/eks-service');
  const name = page.getByRole('textbox', { name: 'Service name' });
  await name.fill('basket-api');
  await name.press('Tab');
  await expect(
    page.getByText(
      /Commerce team, one of your teams, already owns basket-api: creating it again re-runs the golden path/,
    ),
  ).toBeVisible();

  await fillGoldenPathForm(page, {
    name: 'basket-api',
    description: 'Basket API, now with saved baskets',
    ownerSearch: 'Commerce',
    ownerOption: /Commerce team/,
    system: 'commerce',
    repository: { owner: 'acme', name: 'basket-api' },
  });
  await createFromReview(page);

  await waitForTaskCompleted(page);
  // The "Existing service" output (the log says it too).
  const output = page.getByTestId('text-output-box');
  await expect(output.getByText(/This service existed already/)).toBeVisible();
  await expect(
    output.getByText(/description stays "Basket API for the web shop/),
  ).toBeVisible();
  await expect(
    output.getByText(/open a pull request on catalog-info\.yaml/),
  ).toBeVisible();
  await saveScreenshot(page, 'create-service-rerun');
});
