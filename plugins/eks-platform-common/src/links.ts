/**
 * The link (as parsed) if it is an absolute `http:` or `https:` URL; undefined for
 * anything else (`javascript:`, `data:`, `file:`, relative or unparseable).
 *
 * Links in a status come from upstreams and annotations any team can
 * write (an Alertmanager `runbook_url` is whatever a PrometheusRule says),
 * so the backend drops every other scheme before answering and the
 * frontend renders only these as links (defence in depth). Parsing with
 * the WHATWG URL parser, as browsers do, catches spellings such as
 * ` JaVaScRiPt:` or `java\tscript:` that a prefix check would miss.
 */
export function httpLinkOrUndefined(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 4096) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  // The parsed form: exactly what was checked is what the browser follows.
  return url.protocol === 'http:' || url.protocol === 'https:'
    ? url.href
    : undefined;
}
