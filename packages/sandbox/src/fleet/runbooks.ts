/**
 * Where the sandbox's alerts link their runbooks: the portal that `npm start`
 * serves (app-config.yaml `app.baseUrl`), so a runbook link opens a page that
 * exists on this machine. As the golden path does for a generated service
 * (`eksPlatform.alerts.runbookBaseUrl`), a service with TechDocs links its
 * own `docs/runbook.md`; the others link the golden path's shared runbook
 * (docs/runbook.md of the platform's own docs). Each page has one section
 * per alert, so `#<alert name in lower case>` lands on it.
 */
export const SANDBOX_PORTAL_URL = 'http://localhost:3000';

/** The catalog entity whose TechDocs hold the golden path's shared runbook. */
export const PLATFORM_DOCS_ENTITY = 'eks-platform-backstage';

/** The runbook page (without the alert's `#anchor`) for a service. */
export function sandboxRunbookUrl(
  portalUrl: string,
  docsEntity: string | undefined,
): string {
  const base = portalUrl.replace(/\/+$/, '');
  const entity = encodeURIComponent(docsEntity ?? PLATFORM_DOCS_ENTITY);
  return `${base}/docs/default/component/${entity}/runbook/`;
}
