import { test, expect } from '@playwright/test';
import { saveScreenshot, signInAsGuest } from './signIn';
import {
  createFromReview,
  fillGoldenPathForm,
  waitForTaskCompleted,
} from './goldenPathForm';
import { clearSandboxFailures, failSandboxRequests } from './sandboxFailures';

/*
 * Issue 18, item 3: a newcomer's run fails on a later step. The sandbox
 * GitHub refuses every write to the platform's GitOps repository (through
 * the sandbox's control server), so "Register in Argo CD" fails after the
 * source repository, the ECR repository and the CI variables exist. The
 * task page must say in plain words what failed, why the later steps did
 * not run and what already exists (the repository as a link), with no stack
 * trace or server path anywhere on the page; once GitHub answers again,
 * Retry completes the same task.
 */
const GITHUB_WEB = process.env.SANDBOX_GITHUB_URL ?? 'http://127.0.0.1:7130';

test('a run whose GitOps step fails says what failed, why later steps did not run and what exists, and Retry completes it once GitHub answers again', async ({
  page,
}) => {
  test.setTimeout(480_000);
  // A new name per attempt: a run that got past the GitOps step finds its
  // pull request already open and writes nothing, so it could not fail.
  const name = `refunds-${Date.now().toString(36).slice(-5)}`;
  await signInAsGuest(page);
  await failSandboxRequests('github', {
    method: 'POST',
    pathPattern: '/repos/platform/gitops/',
    status: 503,
    times: 1000,
  });
  try {
    await fillGoldenPathForm(page, {
      name,
      description: 'Refunds of the web shop',
      ownerSearch: 'Commerce',
      ownerOption: /Commerce team/,
      system: 'commerce',
      repository: { owner: 'acme', name },
    });
    await createFromReview(page);

    // What failed, in one sentence of the upstream and the operation.
    await expect(
      page
        .getByText(/GitHub failed to [^(]+ in platform\/gitops \(HTTP 503\)/)
        .first(),
    ).toBeVisible({ timeout: 300_000 });
    // Why the steps after it did not run.
    await expect(
      page
        .getByText(
          'The steps after this one did not run: each builds on what the steps before it made.',
          { exact: false },
        )
        .first(),
    ).toBeVisible();
    // What exists: the source repository as a link to its page, the ECR
    // repository by its URI, the CI variables.
    const repository = page
      .getByRole('link', { name: `${GITHUB_WEB}/git/acme/${name}` })
      .first();
    await expect(repository).toBeVisible();
    const repositoryPage = await page.request.get(
      (await repository.getAttribute('href'))!,
    );
    expect(repositoryPage.status()).toBe(200);
    expect(await repositoryPage.text()).toContain(`acme/${name}`);
    for (const kept of [
      `the ECR repository 123456789012.dkr.ecr.eu-west-1.amazonaws.com/${name}`,
      "the repository's CI variables and deployment environments",
    ]) {
      await expect(
        page.getByText(kept, { exact: false }).first(),
      ).toBeVisible();
    }
    // Steps skipped by their condition say why in their names.
    await expect(
      page
        .getByText(
          'Register in Vault (skipped without secrets, or with a database role)',
        )
        .first(),
    ).toBeVisible();
    // No stack trace and no server path anywhere on the page (the log shows
    // on a failed task).
    const text = await page.locator('body').innerText();
    // A stack frame reads "at fn (/file.js:1:2)" or "at /file.js:1:2".
    expect(text).not.toMatch(
      /\bat (?:async )?[\w.<>$[\]]+ \(.*:\d+:\d+\)|\bat \/\S+:\d+:\d+/,
    );
    expect(text).not.toMatch(/node_modules|\/work\/|plugin-scaffolder-backend/);
    await saveScreenshot(page, 'create-service-failed-run');
  } finally {
    await clearSandboxFailures('github');
  }

  // GitHub answers again: Retry runs the same task, and the steps that
  // finished find what they made.
  await page.getByRole('button', { name: 'Retry', exact: true }).click();
  await waitForTaskCompleted(page);
  // The error panel is gone (the log keeps the failed attempt's lines).
  await expect(
    page.getByRole('button', { name: /^Error: GitHub failed to/ }),
  ).toHaveCount(0);
});
