/*
 * CIDRs from platform config: ingress source ranges, broker and database
 * subnets. NetworkPolicies are built from them, so a range that means
 * "every address" would silently open a rule to the internet.
 */

const V4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** A CIDR (IPv4 or IPv6) such as `10.0.0.0/8` or `fd00::/8`. */
export function isCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  if (rest.length || bits === undefined || !/^\d{1,3}$/.test(bits))
    return false;
  if (V4.test(address)) return Number(bits) <= 32;
  return /^[0-9a-f:]+$/i.test(address) && address.includes(':')
    ? Number(bits) <= 128
    : false;
}

/** `0.0.0.0/0`, `::/0` and every other prefix of length 0: every address. */
export function isEveryAddress(cidr: string): boolean {
  return isCidr(cidr) && Number(cidr.split('/')[1]) === 0;
}

/**
 * Reads a list of CIDRs for an egress rule: each a CIDR, none meaning every
 * address. Throws an Error naming the key (config readers).
 */
export function requireEgressCidrs(values: string[], key: string): string[] {
  values.forEach((value, i) => {
    if (!isCidr(value)) {
      throw new Error(
        `${key}[${i}] must be a CIDR such as "10.20.8.0/22", got "${value}"`,
      );
    }
    if (isEveryAddress(value)) {
      throw new Error(
        `${key}[${i}] "${value}" is every address, which would open the egress rule to the internet; list the subnets of the brokers or databases`,
      );
    }
  });
  return values;
}
