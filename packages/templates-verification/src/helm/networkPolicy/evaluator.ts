/*
 * Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), small enough to
 * read in one go, for checking which flows rendered policies admit:
 *
 * - A pod is isolated for ingress (egress) when a policy in its namespace
 *   selects it and has that policy type; `policyTypes` defaults to Ingress,
 *   plus Egress when the policy has egress rules. A flow needs the source's
 *   egress and the destination's ingress to allow it; a non-isolated side
 *   allows everything.
 * - Rules are a union. In a rule, absent or empty `from`/`to` means every
 *   peer, absent or empty `ports` every port. A peer with both
 *   namespaceSelector and podSelector matches pods matching both (AND); two
 *   peers are alternatives (OR). podSelector alone means the policy's
 *   namespace; ipBlock matches addresses in `cidr` and not in `except`
 *   (pod addresses too, as the AWS VPC CNI's policy agent does).
 * - A port matches on protocol (default TCP) and number, `endPort` ranges,
 *   or name: a named port resolves against the destination pod's container
 *   ports (so it never matches an address outside the cluster).
 */

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: Protocol;
}

export interface IngressRule {
  from?: PolicyPeer[];
  ports?: PolicyPort[];
}

export interface EgressRule {
  to?: PolicyPeer[];
  ports?: PolicyPort[];
}

export interface NetworkPolicy {
  metadata: { name: string; namespace?: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: Array<'Ingress' | 'Egress'>;
    ingress?: IngressRule[];
    egress?: EgressRule[];
  };
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
}

export interface PodEndpoint {
  kind: 'pod';
  name: string;
  namespace: string;
  labels: Record<string, string>;
  ip: string;
  ports?: ContainerPort[];
}

export interface AddressEndpoint {
  kind: 'address';
  name: string;
  ip: string;
}

export type Endpoint = PodEndpoint | AddressEndpoint;

export interface Cluster {
  /** Namespaces and their labels (`kubernetes.io/metadata.name` is implied). */
  namespaces: Array<{ name: string; labels?: Record<string, string> }>;
  policies: NetworkPolicy[];
}

export interface Flow {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol?: Protocol;
}

/** One side's verdict: not isolated, allowed by `policy` rule `rule`, or denied. */
export type SideVerdict =
  | { result: 'not-isolated' }
  | { result: 'allowed'; policy: string; rule: number }
  | { result: 'denied'; policies: string[] };

export interface FlowVerdict {
  allowed: boolean;
  egress: SideVerdict;
  ingress: SideVerdict;
}

export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(labels[req.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[req.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown selector operator ${String(req.operator)}`);
    }
  }
  return true;
}

function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (
    parts.length !== 4 ||
    parts.some(p => !Number.isInteger(p) || p < 0 || p > 255)
  ) {
    throw new Error(`not an IPv4 address: ${ip}`);
  }
  return (
    ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0
  );
}

export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) {
    throw new Error(`not an IPv4 CIDR: ${cidr}`);
  }
  if (bits === 0) return true;
  const mask = (~0 << (32 - bits)) >>> 0;
  return (ipToNumber(base) & mask) >>> 0 === (ipToNumber(ip) & mask) >>> 0;
}

function namespaceLabels(
  cluster: Cluster,
  namespace: string,
): Record<string, string> {
  const ns = cluster.namespaces.find(n => n.name === namespace);
  return { ...ns?.labels, 'kubernetes.io/metadata.name': namespace };
}

function peerMatches(
  cluster: Cluster,
  policyNamespace: string,
  peer: PolicyPeer,
  endpoint: Endpoint,
): boolean {
  if (peer.ipBlock) {
    return (
      cidrContains(peer.ipBlock.cidr, endpoint.ip) &&
      !(peer.ipBlock.except ?? []).some(c => cidrContains(c, endpoint.ip))
    );
  }
  if (endpoint.kind !== 'pod') return false;
  if (peer.namespaceSelector) {
    if (
      !selectorMatches(
        peer.namespaceSelector,
        namespaceLabels(cluster, endpoint.namespace),
      )
    ) {
      return false;
    }
  } else if (endpoint.namespace !== policyNamespace) {
    return false;
  }
  return selectorMatches(peer.podSelector, endpoint.labels);
}

function portMatches(
  ports: PolicyPort[] | undefined,
  destination: Endpoint,
  port: number,
  protocol: Protocol,
): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some(p => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') {
      if (destination.kind !== 'pod') return false;
      return (destination.ports ?? []).some(
        c =>
          c.name === p.port &&
          (c.protocol ?? 'TCP') === protocol &&
          c.containerPort === port,
      );
    }
    if (p.endPort !== undefined) return port >= p.port && port <= p.endPort;
    return p.port === port;
  });
}

function policyTypes(policy: NetworkPolicy): Array<'Ingress' | 'Egress'> {
  if (policy.spec.policyTypes) return policy.spec.policyTypes;
  return policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

function side(
  cluster: Cluster,
  direction: 'Ingress' | 'Egress',
  subject: Endpoint,
  peer: Endpoint,
  destination: Endpoint,
  port: number,
  protocol: Protocol,
): SideVerdict {
  if (subject.kind !== 'pod') return { result: 'not-isolated' };
  const isolating = cluster.policies.filter(
    p =>
      (p.metadata.namespace ?? 'default') === subject.namespace &&
      policyTypes(p).includes(direction) &&
      selectorMatches(p.spec.podSelector, subject.labels),
  );
  if (isolating.length === 0) return { result: 'not-isolated' };
  for (const policy of isolating) {
    const namespace = policy.metadata.namespace ?? 'default';
    const rules =
      direction === 'Ingress'
        ? (policy.spec.ingress ?? []).map(r => ({
            peers: r.from,
            ports: r.ports,
          }))
        : (policy.spec.egress ?? []).map(r => ({
            peers: r.to,
            ports: r.ports,
          }));
    for (const [index, rule] of rules.entries()) {
      const peerOk =
        !rule.peers ||
        rule.peers.length === 0 ||
        rule.peers.some(p => peerMatches(cluster, namespace, p, peer));
      if (peerOk && portMatches(rule.ports, destination, port, protocol)) {
        return { result: 'allowed', policy: policy.metadata.name, rule: index };
      }
    }
  }
  return { result: 'denied', policies: isolating.map(p => p.metadata.name) };
}

/** Whether the cluster's policies let `flow.from` open a connection to `flow.to` on the port. */
export function evaluateFlow(cluster: Cluster, flow: Flow): FlowVerdict {
  const protocol = flow.protocol ?? 'TCP';
  const egress = side(
    cluster,
    'Egress',
    flow.from,
    flow.to,
    flow.to,
    flow.port,
    protocol,
  );
  const ingress = side(
    cluster,
    'Ingress',
    flow.to,
    flow.from,
    flow.to,
    flow.port,
    protocol,
  );
  return {
    allowed: egress.result !== 'denied' && ingress.result !== 'denied',
    egress,
    ingress,
  };
}
