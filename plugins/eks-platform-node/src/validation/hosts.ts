import { NotAllowedError } from '@backstage/errors';

/** `host` or `host:port`, lower case, without a trailing dot. */
function normalise(hostWithPort: string): { host: string; port?: string } {
  const value = hostWithPort.trim().toLowerCase();
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(value);
  if (!match) return { host: value };
  return { host: match[1].replace(/\.$/, ''), port: match[2] };
}

/**
 * Whether `host` (with `port`, if any) is on an allow-list of `host` or
 * `host:port` entries: an entry without a port allows every port of that
 * host; names match exactly (no wildcards, no subdomains).
 */
export function isHostAllowed(
  host: string,
  port: string | undefined,
  allowList: string[],
): boolean {
  const wanted = normalise(port ? `${host}:${port}` : host);
  return allowList.some(entry => {
    const allowed = normalise(entry);
    return (
      allowed.host === wanted.host &&
      (allowed.port === undefined || allowed.port === wanted.port)
    );
  });
}

/**
 * Refuses a URL whose host is not on the allow-list, naming the list's key
 * so the user knows whom to ask.
 */
export function checkHostAllowed(
  field: string,
  url: URL,
  allowList: string[],
  configKey: string,
): URL {
  const port = url.port || undefined;
  if (!isHostAllowed(url.hostname, port, allowList)) {
    throw new NotAllowedError(
      `Invalid input "${field}": host "${
        url.host
      }" is not allowed here; use one of ${
        allowList.length
          ? allowList.map(h => `"${h}"`).join(', ')
          : '(none configured)'
      }, or ask a platform admin to add it to ${configKey}.`,
    );
  }
  return url;
}
