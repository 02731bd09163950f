/*
 * One order of environments for every list of the plugin (clusters, Argo CD
 * applications, placement): the order code travels in, dev → stage → prod.
 */

const KNOWN_ORDER: string[][] = [
  ['dev', 'development'],
  ['test', 'qa'],
  ['stage', 'staging'],
  ['prod', 'production'],
];

/** Rank of the environment a name ends with (`checkout-prod` → prod); unknown ones last. */
export function environmentRank(name: string): number {
  const lower = name.toLowerCase();
  const index = KNOWN_ORDER.findIndex(aliases =>
    aliases.some(
      a =>
        lower === a ||
        lower.endsWith(`-${a}`) ||
        lower.startsWith(`${a}-`) ||
        lower.includes(`-${a}-`),
    ),
  );
  return index === -1 ? KNOWN_ORDER.length : index;
}

/** Sorted copy: dev, stage, prod, then other names alphabetically. */
export function inEnvironmentOrder<T>(
  items: T[],
  nameOf: (item: T) => string,
): T[] {
  return [...items].sort(
    (a, b) =>
      environmentRank(nameOf(a)) - environmentRank(nameOf(b)) ||
      nameOf(a).localeCompare(nameOf(b)),
  );
}

/**
 * An Argo CD destination as a person names it: the cluster's name. Argo CD
 * often records only the API server URL; then the cluster is the one the
 * application's name ends with (`checkout-prod` → `prod`), and only when
 * none matches the URL's host is shown.
 */
export function destinationLabel(
  destination: { name?: string; server?: string },
  applicationName: string,
  clusterNames: string[],
): string {
  if (destination.name) return destination.name;
  const byName = [...clusterNames]
    .sort((a, b) => b.length - a.length)
    .find(c => applicationName.toLowerCase().endsWith(`-${c.toLowerCase()}`));
  if (byName) return byName;
  if (!destination.server) return '—';
  try {
    return new URL(destination.server).host;
  } catch {
    return destination.server;
  }
}
