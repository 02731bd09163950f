/**
 * Waits until the backend answers and the catalog has processed the demo
 * services, so the first test does not race the catalog's initial ingestion.
 */
const BACKEND = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

export default async function globalSetup() {
  await waitFor(
    'the backend health route',
    async () => (await fetch(`${BACKEND}/api/eks-platform/health`)).ok,
    240_000,
  );
  await waitFor(
    'the catalog to ingest the demo services',
    async () => {
      const token = await guestToken();
      const res = await fetch(
        `${BACKEND}/api/catalog/entities/by-name/component/default/order-service`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      return res.ok;
    },
    180_000,
  );
}

async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const body = await res.json();
  return body.backstageIdentity.token;
}
