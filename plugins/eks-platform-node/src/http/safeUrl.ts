/**
 * Drops user info, query and fragment from a base URL before it is used in
 * a link we hand to browsers: an instance URL in config may carry
 * credentials (`https://user:pass@host`), a response never does.
 */
export function publicBaseUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/+$/, '');
}

/** Splits credentials out of a URL so they go into a header, not the request line. */
export function splitCredentials(url: string): {
  url: string;
  basicAuth?: string;
} {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { url };
  const basicAuth = Buffer.from(
    `${decodeURIComponent(parsed.username)}:${decodeURIComponent(
      parsed.password,
    )}`,
  ).toString('base64');
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString().replace(/\/+$/, ''), basicAuth };
}
