import {
  PlacementSummary,
  PodSummary,
} from '@internal/backstage-plugin-eks-platform-common';

/**
 * Where the ready pods actually run, and whether that survives losing a
 * node or a zone: the promise anti-affinity and topology spread make, checked
 * against reality rather than the manifest.
 */
export function computePlacement(
  pods: PodSummary[],
  clusterZones: string[],
): PlacementSummary {
  const ready = pods.filter(p => p.ready);
  const podsPerZone: Record<string, number> = {};
  const podsPerNode: Record<string, number> = {};
  for (const pod of ready) {
    const zone = pod.zone ?? 'unknown';
    podsPerZone[zone] = (podsPerZone[zone] ?? 0) + 1;
    if (pod.node) podsPerNode[pod.node] = (podsPerNode[pod.node] ?? 0) + 1;
  }
  const problems: string[] = [];
  for (const [node, count] of Object.entries(podsPerNode).sort(
    (a, b) => b[1] - a[1],
  )) {
    if (count > 1)
      problems.push(`${count} of ${ready.length} ready pods on node ${node}`);
  }
  const zonesUsed = Object.keys(podsPerZone).filter(
    z => z !== 'unknown',
  ).length;
  const zonesWanted = Math.min(ready.length, clusterZones.length);
  if (zonesUsed < zonesWanted) {
    const where = Object.entries(podsPerZone)
      .map(([z, n]) => `${n} in ${z}`)
      .join(', ');
    problems.push(
      `ready pods span ${zonesUsed} of ${
        clusterZones.length
      } zones (${where}); a zone outage takes out ${
        zonesUsed <= 1 ? 'all of them' : 'more than a fair share'
      }`,
    );
  }
  if (ready.length === 1 && pods.length >= 1) {
    problems.push('a single ready pod: any node drain or failure is an outage');
  }
  return {
    podsPerZone,
    podsPerNode,
    spreadHolds: ready.length > 0 && problems.length === 0,
    problems,
  };
}
