/**
 * Checks shared by the config readers of every EKS platform plugin, so an
 * upstream URL or instance list is judged the same way wherever it is read.
 */

/** An absolute http(s) URL, returned without trailing slashes. */
export function requireHttpUrl(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${key} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `${key} must be an http(s) URL, got protocol '${url.protocol}'`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** Instances are addressed by name (inputs, annotations): names must be unique. */
export function requireUniqueNames<T extends { name: string }>(
  instances: T[],
  key: string,
): T[] {
  const seen = new Set<string>();
  for (const instance of instances) {
    if (seen.has(instance.name)) {
      throw new Error(
        `${key} has two instances named '${instance.name}'; give each a unique name`,
      );
    }
    seen.add(instance.name);
  }
  return instances;
}
