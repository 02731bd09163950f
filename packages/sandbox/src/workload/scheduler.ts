import { hashString, hexId } from '../fleet';
import { Placement, SpreadRule } from './placement';
import { SimDeployment, SimNode } from './types';

export const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

/** Realistic EKS node names: `ip-10-0-17-203.eu-west-1.compute.internal`. */
export function createNode(
  cluster: string,
  zoneIndex: number,
  index: number,
  createdAt: number,
): SimNode {
  const third = zoneIndex * 32 + (index % 32);
  const fourth = 10 + (hashString(`${cluster}/${zoneIndex}/${index}`) % 240);
  const internalIp = `10.0.${third}.${fourth}`;
  return {
    name: `ip-10-0-${third}-${fourth}.eu-west-1.compute.internal`,
    zone: ZONES[zoneIndex],
    index,
    internalIp,
    instanceId: `i-0${hexId(`${cluster}/${internalIp}`, 16)}`,
    createdAt,
  };
}

/**
 * Places pods like the kube-scheduler does with a deployment's pod
 * template: the zone with the fewest of its pods first (what a zone
 * topology spread constraint enforces, and what the scheduler's default
 * spreading prefers without one), then, in that zone, a node that the
 * host rules allow — required pod anti-affinity or a hard host spread
 * exclude nodes already running the deployment's pods, preferred ones
 * rank them last — the least-loaded first. When the rules leave no node
 * in the zone, a node is provisioned (as Karpenter or the cluster
 * autoscaler would), so pods never stay Pending; soft rules never need
 * one.
 */
export class Scheduler {
  readonly nodes: SimNode[];
  private readonly podsPerNode = new Map<string, number>();
  private readonly byName = new Map<string, SimNode>();
  private readonly cluster: string;

  constructor(cluster: string, nodes: SimNode[]) {
    this.cluster = cluster;
    this.nodes = nodes;
    for (const node of nodes) {
      this.podsPerNode.set(node.name, 0);
      this.byName.set(node.name, node);
    }
  }

  nodeByName(name: string): SimNode | undefined {
    return this.byName.get(name);
  }

  podCount(nodeName: string): number {
    return this.podsPerNode.get(nodeName) ?? 0;
  }

  release(nodeName: string): void {
    this.podsPerNode.set(nodeName, Math.max(0, this.podCount(nodeName) - 1));
  }

  /** Picks a node for a new pod of `deployment` at `revision`, provisioning one if needed. */
  place(
    deployment: SimDeployment,
    now: number,
    placement: Placement,
    revision: number,
  ): SimNode {
    const peersFor = (rule: SpreadRule | undefined) =>
      rule?.perRevision
        ? deployment.pods.filter(p => p.revision === revision)
        : deployment.pods;
    const zonePeers = peersFor(placement.zone);
    const perZone = ZONES.map(
      zone =>
        zonePeers.filter(p => this.nodeByName(p.nodeName)?.zone === zone)
          .length,
    );
    const zoneOrder = ZONES.map((_, i) => i).sort(
      (a, b) => perZone[a] - perZone[b] || a - b,
    );
    const onNode = (pods: typeof deployment.pods) => {
      const counts = new Map<string, number>();
      for (const p of pods)
        counts.set(p.nodeName, (counts.get(p.nodeName) ?? 0) + 1);
      return counts;
    };
    const all = onNode(deployment.pods);
    const hostPeers = onNode(peersFor(placement.host));
    const excluded = (node: SimNode) =>
      (placement.antiAffinity === 'required' && all.has(node.name)) ||
      (placement.host?.hard === true &&
        (hostPeers.get(node.name) ?? 0) >= placement.host.maxSkew);
    const penalty = (node: SimNode) =>
      placement.antiAffinity === 'preferred' || placement.host
        ? hostPeers.get(node.name) ?? 0
        : 0;
    // The least-populated zone always keeps the zone spread within maxSkew.
    const zoneIndex = zoneOrder[0];
    // Least-loaded allowed node; ties broken by a per-service hash so
    // services do not all pile onto the same node.
    let best: SimNode | undefined;
    let bestKey = Infinity;
    for (const node of this.nodes) {
      if (node.zone !== ZONES[zoneIndex] || excluded(node)) continue;
      const key =
        penalty(node) * 1000 +
        this.podCount(node.name) +
        hashString(`${deployment.service.name}/${node.name}`) / 0x100000000;
      if (key < bestKey) {
        best = node;
        bestKey = key;
      }
    }
    if (best) return this.bind(best);
    // No node of the zone may take it: provision one there.
    const index = this.nodes.filter(n => n.zone === ZONES[zoneIndex]).length;
    const node = createNode(this.cluster, zoneIndex, index, now);
    this.nodes.push(node);
    this.podsPerNode.set(node.name, 0);
    this.byName.set(node.name, node);
    return this.bind(node);
  }

  private bind(node: SimNode): SimNode {
    this.podsPerNode.set(node.name, this.podCount(node.name) + 1);
    return node;
  }
}
