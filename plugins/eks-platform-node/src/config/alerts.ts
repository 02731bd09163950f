import { Config } from '@backstage/config';

/** `eksPlatform.alerts`: what the golden path writes into a service's alert rules. */
export interface AlertsConfig {
  /**
   * The runbook page a service's alerts link (`runbook_url` = this +
   * `#<alert name in lower case>`), `{service}` replaced by the service's
   * name. Undefined when neither it nor `app.baseUrl` is configured.
   */
  runbookBaseUrl?: string;
}

/** The service's TechDocs runbook page on the portal itself. */
const TECHDOCS_RUNBOOK = '/docs/default/component/{service}/runbook/';
const KEY = 'eksPlatform.alerts.runbookBaseUrl';

/**
 * Reads `eksPlatform.alerts.runbookBaseUrl`; by default the service's own
 * runbook in the portal's TechDocs (`<app.baseUrl>/docs/default/component/
 * {service}/runbook/`: the generated `docs/runbook.md`), a page that exists
 * wherever the portal runs, the sandbox included. The chart accepts https,
 * or http on loopback only (values.schema.json): checked here, at start-up.
 */
export function readAlertsConfig(config: Config): AlertsConfig {
  const configured = config.getOptionalString(KEY);
  if (configured !== undefined)
    return { runbookBaseUrl: requireRunbookUrl(configured, KEY) };
  const appBaseUrl = config.getOptionalString('app.baseUrl');
  if (!appBaseUrl) return {};
  try {
    return {
      runbookBaseUrl: requireRunbookUrl(
        `${appBaseUrl.replace(/\/+$/, '')}${TECHDOCS_RUNBOOK}`,
        'app.baseUrl',
      ),
    };
  } catch {
    // A portal the chart's pattern refuses (plain http off loopback): no
    // default; the template falls back to the repository's docs/runbook.md.
    return {};
  }
}

function requireRunbookUrl(value: string, key: string): string {
  if (/[\s"'<>#]/.test(value)) {
    throw new Error(
      `${key} gives the runbook URL '${value}', which may not contain whitespace, quotes, '<', '>' or '#' (the alert's name is appended as the #fragment)`,
    );
  }
  let url: URL;
  try {
    url = new URL(value.replace(/\{service\}/g, 'service'));
  } catch {
    throw new Error(`${key} must give an absolute https URL, got '${value}'`);
  }
  const loopback = ['localhost', '127.0.0.1'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(
      `${key} must give an https URL (http only on localhost or 127.0.0.1), got '${value}'`,
    );
  }
  return value;
}

/** The runbook base URL of one service's alerts (`{service}` filled in). */
export function runbookUrlFor(
  alerts: AlertsConfig,
  service: string,
): string | undefined {
  return alerts.runbookBaseUrl?.replace(
    /\{service\}/g,
    encodeURIComponent(service),
  );
}
