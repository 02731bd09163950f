import { InputError, NotAllowedError } from '@backstage/errors';
import { lookup as dnsLookup } from 'node:dns/promises';
import { InternalAddressClass, classifyHost } from './addresses';
import { checkHostAllowed } from './hosts';

export interface AddressPolicy {
  /** Loopback is accepted (the sandbox profile: eksPlatform.tenancy.allowLoopback). */
  allowLoopback: boolean;
}

export interface UpstreamUrlPolicy extends AddressPolicy {
  /** Schemes accepted; default http and https. */
  protocols?: string[];
  /** When given, the host must be on it (`host` or `host:port` entries). */
  allowedHosts?: string[];
  /** The config key of `allowedHosts`, named in the error. */
  allowedHostsKey?: string;
}

const WHY: Record<InternalAddressClass, string> = {
  loopback: 'is a loopback address (this machine)',
  unspecified: 'is an unspecified address, which reaches this machine',
  metadata: 'is a cloud metadata endpoint, which hands out credentials',
  'link-local': 'is a link-local address, where cloud metadata endpoints live',
};

function refused(
  field: string,
  host: string,
  cls: InternalAddressClass,
): NotAllowedError {
  return new NotAllowedError(
    `Invalid input "${field}": host "${host}" ${WHY[cls]}; the platform never sends requests there. Use the service's real, routable host name.`,
  );
}

/**
 * Refuses a host that points at this machine or at cloud metadata, in any
 * spelling of its literal (decimal, octal or hex IPv4, IPv6, IPv4-mapped
 * IPv6, `localhost`, wildcard-DNS names). Loopback passes only when
 * `allowLoopback` (the local sandbox); link-local, metadata and unspecified
 * addresses never do.
 */
export function checkUpstreamHost(
  field: string,
  host: string,
  policy: AddressPolicy,
): string {
  const cls = classifyHost(host);
  if (cls && !(cls === 'loopback' && policy.allowLoopback)) {
    throw refused(field, host, cls);
  }
  return host;
}

/**
 * Why a host from platform config must not be used (the same classes as
 * checkUpstreamHost), or undefined when it may: for config readers, which
 * throw a plain Error naming the key instead of an input error.
 */
export function internalHostReason(
  host: string,
  policy: AddressPolicy,
): string | undefined {
  const cls = classifyHost(host);
  return cls && !(cls === 'loopback' && policy.allowLoopback)
    ? WHY[cls]
    : undefined;
}

/**
 * Parses and judges an upstream URL from a template input: a scheme from
 * `protocols`, no credentials, a host that is neither internal (see
 * checkUpstreamHost) nor off the allow-list when one is given.
 */
export function checkUpstreamUrl(
  field: string,
  value: string,
  policy: UpstreamUrlPolicy,
): URL {
  const protocols = policy.protocols ?? ['http:', 'https:'];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      `Invalid input "${field}": ${JSON.stringify(
        value,
      )} is not a URL; use e.g. "https://github.com/acme/charts.git".`,
    );
  }
  if (!protocols.includes(url.protocol)) {
    throw new InputError(
      `Invalid input "${field}": scheme "${
        url.protocol
      }" is not accepted; use ${protocols.map(p => `"${p}//"`).join(' or ')}.`,
    );
  }
  if (url.username || url.password) {
    throw new InputError(
      `Invalid input "${field}": the URL must not carry credentials; configure them in the upstream instead.`,
    );
  }
  if (!url.hostname) {
    throw new InputError(`Invalid input "${field}": the URL has no host.`);
  }
  checkUpstreamHost(field, url.hostname, policy);
  if (policy.allowedHosts) {
    checkHostAllowed(
      field,
      url,
      policy.allowedHosts,
      policy.allowedHostsKey ?? 'the allow-list',
    );
  }
  return url;
}

/**
 * Resolves a host name and refuses it when any address it resolves to is
 * internal: a name on an allow-list can still be pointed at 169.254.169.254
 * by whoever controls its DNS. Call it right before connecting.
 */
export async function checkResolvedHost(
  field: string,
  host: string,
  policy: AddressPolicy,
  lookup: (
    hostname: string,
    options: { all: true },
  ) => Promise<Array<{ address: string }>> = dnsLookup,
): Promise<string[]> {
  checkUpstreamHost(field, host, policy);
  const addresses = (
    await lookup(host.replace(/^\[|\]$/g, ''), { all: true })
  ).map(a => a.address);
  for (const address of addresses) {
    const cls = classifyHost(address);
    if (cls && !(cls === 'loopback' && policy.allowLoopback)) {
      throw new NotAllowedError(
        `Invalid input "${field}": host "${host}" resolves to ${address}, which ${WHY[cls]}; the platform never sends requests there.`,
      );
    }
  }
  return addresses;
}
