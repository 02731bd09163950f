import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function signInAsGuest(
  page: Page,
  baseUrl: string,
): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .waitFor();
}

/**
 * Time to interactive of a full page load: from navigation start until
 * `ready` resolves (the content a user came for is on screen) and the main
 * thread is idle (requestIdleCallback fires), in milliseconds.
 */
export async function timeToInteractive(
  page: Page,
  url: string,
  ready: (page: Page) => Promise<void>,
) {
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  await page.evaluate(
    () =>
      new Promise<void>(resolve =>
        (window as any).requestIdleCallback(() => resolve(), { timeout: 5000 }),
      ),
  );
  return Date.now() - started;
}
