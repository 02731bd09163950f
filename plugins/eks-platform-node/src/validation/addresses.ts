import { isIPv6 } from 'node:net';

/**
 * Where an upstream host points, as far as its literal form tells:
 * - `loopback`: this machine (127/8, ::1, localhost and names that mean it);
 * - `unspecified`: 0.0.0.0/8 and ::, which connect to this machine too;
 * - `metadata`: a cloud instance metadata or agent endpoint (credentials!);
 * - `link-local`: 169.254/16 and fe80::/10, where metadata lives;
 * - undefined: anything else (public or private addresses, ordinary names).
 */
export type InternalAddressClass =
  | 'loopback'
  | 'unspecified'
  | 'metadata'
  | 'link-local';

/** Cloud metadata and agent endpoints, IPv4 (as 32-bit numbers below). */
const METADATA_V4 = [
  '169.254.169.254', // AWS IMDS, GCP, Azure IMDS, OCI, OpenStack
  '169.254.170.2', // ECS task metadata and credentials
  '169.254.170.23', // EKS Pod Identity agent
  '169.254.169.123', // Amazon Time Sync
  '100.100.100.200', // Alibaba Cloud
  '168.63.129.16', // Azure WireServer
  '192.0.0.192', // Oracle Cloud (classic)
];

const METADATA_NAMES = [
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
];

const LOOPBACK_NAMES = [
  'localhost',
  'localhost.localdomain',
  'ip6-localhost',
  'ip6-loopback',
];

/** Public names that always resolve to 127.0.0.1. */
const LOOPBACK_DOMAINS = ['localhost', 'localtest.me', 'lvh.me', 'vcap.me'];

/** Wildcard DNS services: the address is spelled inside the name. */
const WILDCARD_DNS = ['nip.io', 'sslip.io', 'xip.io', 'traefik.me'];

/**
 * Parses an IPv4 address in every form `inet_aton` (and so curl, and many
 * HTTP stacks) accepts: 1 to 4 parts, each decimal, octal (`0177`) or hex
 * (`0x7f`), the last part filling the remaining bytes (`127.1`,
 * `2130706433`). Undefined when `host` is not such a literal.
 */
export function parseIpv4(host: string): number | undefined {
  const parts = host.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/i.test(part))
      value = part.length > 2 ? parseInt(part.slice(2), 16) : 0;
    else if (/^0[0-7]+$/.test(part)) value = parseInt(part.slice(1), 8);
    else if (/^(0|[1-9]\d*)$/.test(part)) value = Number(part);
    else return undefined;
    if (!Number.isSafeInteger(value)) return undefined;
    numbers.push(value);
  }
  const last = numbers.pop()!;
  if (numbers.some(n => n > 255)) return undefined;
  const lastBytes = 4 - numbers.length;
  if (last >= 2 ** (8 * lastBytes)) return undefined;
  let address = 0;
  numbers.forEach((n, i) => {
    address += n * 2 ** (8 * (3 - i));
  });
  return address + last;
}

function v4(text: string): number {
  return parseIpv4(text)!;
}

function inRange(address: number, base: string, bits: number): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(address / size) === Math.floor(v4(base) / size);
}

function classifyIpv4(address: number): InternalAddressClass | undefined {
  if (inRange(address, '127.0.0.0', 8)) return 'loopback';
  if (inRange(address, '0.0.0.0', 8)) return 'unspecified';
  if (METADATA_V4.some(m => v4(m) === address)) return 'metadata';
  if (inRange(address, '169.254.0.0', 16)) return 'link-local';
  return undefined;
}

/** The eight 16-bit groups of an IPv6 literal (brackets and zone removed). */
function ipv6Groups(text: string): number[] | undefined {
  const host = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIPv6(host)) return undefined;
  let address = host.toLowerCase();
  // A dotted IPv4 tail (::ffff:127.0.0.1) becomes two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (tail) {
    const n = v4(tail[1]);
    address = `${address.slice(0, -tail[1].length)}${(n >>> 16).toString(
      16,
    )}:${(n & 0xffff).toString(16)}`;
  }
  const [head, rest] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = rest !== undefined && rest ? rest.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = [
    ...left,
    ...(rest !== undefined ? Array(missing).fill('0') : []),
    ...right,
  ].map(g => parseInt(g, 16));
  return groups.length === 8 ? groups : undefined;
}

function embeddedV4(high: number, low: number): number {
  return high * 65536 + low;
}

function classifyIpv6(g: number[]): InternalAddressClass | undefined {
  const zeroUpTo = (n: number) => g.slice(0, n).every(x => x === 0);
  if (g.every(x => x === 0)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d).
  if (zeroUpTo(5) && (g[5] === 0xffff || g[5] === 0)) {
    return classifyIpv4(embeddedV4(g[6], g[7]));
  }
  // NAT64 (64:ff9b::a.b.c.d) reaches the embedded IPv4 address.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every(x => x === 0)) {
    return classifyIpv4(embeddedV4(g[6], g[7]));
  }
  // 6to4 (2002:AABB:CCDD::) embeds an IPv4 address in bits 16-47.
  if (g[0] === 0x2002) return classifyIpv4(embeddedV4(g[1], g[2]));
  // AWS IMDS over IPv6: fd00:ec2::254.
  if (
    g[0] === 0xfd00 &&
    g[1] === 0xec2 &&
    g.slice(2, 7).every(x => x === 0) &&
    g[7] === 0x254
  ) {
    return 'metadata';
  }
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  return undefined;
}

/**
 * The class of the address spelled in a wildcard-DNS name: dotted
 * (`10.0.0.1.nip.io`), dashed (`169-254-169-254.sslip.io`), hex
 * (`7f000001.nip.io`) or dashed IPv6 (`--1.sslip.io` is ::1).
 */
function wildcardDnsClass(labels: string): InternalAddressClass | undefined {
  const last = labels.split('.').pop() ?? '';
  if (last.includes('--') || (last.match(/-/g) ?? []).length > 3) {
    const groups = ipv6Groups(last.replace(/-/g, ':'));
    if (groups) return classifyIpv6(groups);
  }
  const dotted = /(?:^|[.-])((?:\d{1,3}\.){3}\d{1,3})$/.exec(labels);
  const dashed = /(?:^|[.-])(\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3})$/.exec(labels);
  const hex = /(?:^|[.-])([0-9a-f]{8})$/i.exec(labels);
  let address: number | undefined;
  if (dotted) address = parseIpv4(dotted[1]);
  else if (dashed) address = parseIpv4(dashed[1].replace(/-/g, '.'));
  else if (hex) address = parseInt(hex[1], 16);
  return address === undefined ? undefined : classifyIpv4(address);
}

/**
 * Classifies a host (name or literal, as in a URL, with or without
 * brackets) by its literal form. Names are not resolved here: allow-lists
 * of hosts are what keep names in check.
 */
export function classifyHost(
  rawHost: string,
): InternalAddressClass | undefined {
  const host = rawHost.trim().toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') || host.includes(':')) {
    const groups = ipv6Groups(host);
    return groups ? classifyIpv6(groups) : undefined;
  }
  const ipv4 = parseIpv4(host);
  if (ipv4 !== undefined) return classifyIpv4(ipv4);
  if (LOOPBACK_NAMES.includes(host)) return 'loopback';
  if (LOOPBACK_DOMAINS.some(d => host === d || host.endsWith(`.${d}`)))
    return 'loopback';
  if (METADATA_NAMES.includes(host)) return 'metadata';
  const wildcard = WILDCARD_DNS.find(d => host.endsWith(`.${d}`));
  if (wildcard) {
    return wildcardDnsClass(host.slice(0, -(wildcard.length + 1)));
  }
  return undefined;
}
