import { hashString, hexId } from '../fleet';
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
 * Places pods like the kube-scheduler does with the sandbox's pod spec:
 * a zone topology spread constraint (maxSkew 1) and a required pod
 * anti-affinity on `kubernetes.io/hostname`, so no two replicas of a
 * deployment share a node. When every node of the chosen zone already runs
 * a replica, a new node is provisioned (as Karpenter or the cluster
 * autoscaler would), so pods never stay Pending.
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

  /** Picks a node for a new pod of `deployment`, provisioning one if needed. */
  place(deployment: SimDeployment, now: number): SimNode {
    const used = new Set(deployment.pods.map(p => p.nodeName));
    const perZone = ZONES.map(
      zone =>
        deployment.pods.filter(p => this.nodeByName(p.nodeName)?.zone === zone)
          .length,
    );
    const zoneOrder = ZONES.map((_, i) => i).sort(
      (a, b) => perZone[a] - perZone[b] || a - b,
    );
    for (const zoneIndex of zoneOrder) {
      // Least-loaded free node; ties broken by a per-service hash so services
      // do not all pile onto the same node.
      let best: SimNode | undefined;
      let bestKey = Infinity;
      for (const node of this.nodes) {
        if (node.zone !== ZONES[zoneIndex] || used.has(node.name)) continue;
        const key =
          this.podCount(node.name) +
          hashString(`${deployment.service.name}/${node.name}`) / 0x100000000;
        if (key < bestKey) {
          best = node;
          bestKey = key;
        }
      }
      if (best) {
        return this.bind(best);
      }
      // The least-loaded zone has no free node: provision one there so the
      // spread constraint stays satisfied.
      const index = this.nodes.filter(n => n.zone === ZONES[zoneIndex]).length;
      const node = createNode(this.cluster, zoneIndex, index, now);
      this.nodes.push(node);
      this.podsPerNode.set(node.name, 0);
      this.byName.set(node.name, node);
      return this.bind(node);
    }
    throw new Error('unreachable: there is always a zone');
  }

  private bind(node: SimNode): SimNode {
    this.podsPerNode.set(node.name, this.podCount(node.name) + 1);
    return node;
  }
}
