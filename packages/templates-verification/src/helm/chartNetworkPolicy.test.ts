/* eslint-disable jest/no-conditional-expect -- the checks branch on the values of the case under test; every branch asserts */
import {
  ChartCase,
  ChartOption,
  caseNames,
  renderedCases,
} from './__testUtils__/chartCases';
import {
  withDatabase,
  withDependenciesCidrsAndKafka,
  withIstioToggled,
} from './__testUtils__/chartOptions';
import { Endpoint, Protocol, evaluateFlow } from './networkPolicy/evaluator';
import {
  inside,
  justOutside,
  serviceWorld,
} from './__testUtils__/serviceWorld';

/*
 * The rendered NetworkPolicies admit exactly the flows they should and
 * nothing else: every input set × environment, as generated, with Istio
 * toggled, and with dependencies, explicit CIDRs and Kafka declared, through
 * the NetworkPolicy evaluator (networkPolicy/evaluator.ts) on a cluster of
 * the pods and addresses the values name plus look-alikes.
 */
jest.setTimeout(300_000);

const options: Record<string, ChartOption> = {
  generated: () => ({}),
  'Istio toggled': withIstioToggled,
  'dependencies, CIDRs and Kafka': withDependenciesCidrsAndKafka,
  'a database': withDatabase,
};

const cases = renderedCases(options);

interface Expectation {
  what: string;
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol?: Protocol;
  allowed: boolean;
}

function expectations(c: ChartCase): Expectation[] {
  const w = serviceWorld(c);
  const v = c.values;
  const p = w.peers;
  const s = w.service;
  const exposed = v.ingress.mode !== 'none';
  const istio = Boolean(v.istio.enabled);
  const vault = Boolean(v.vault.enabled);
  const list: Expectation[] = [];
  const flow = (
    what: string,
    from: Endpoint,
    to: Endpoint,
    port: number,
    allowed: boolean,
    protocol?: Protocol,
  ) => list.push({ what, from, to, port, allowed, protocol });

  // Ingress to the service
  for (const caller of w.callers) {
    flow(`${caller.namespace}/${caller.name} -> http`, caller, s, 8080, true);
    flow(
      `${caller.namespace}/${caller.name} -> metrics`,
      caller,
      s,
      9464,
      false,
    );
    flow(
      `${caller.namespace}/${caller.name} -> 15008`,
      caller,
      s,
      15008,
      istio,
    );
  }
  for (const [key, peer] of Object.entries(p)) {
    if (key.startsWith('impostor-'))
      flow(`${key} -> http`, peer, s, 8080, false);
  }
  flow('neighbour pod -> http', p.neighbour, s, 8080, false);
  flow('helm test pod -> http', w.testPod, s, 8080, true);
  flow('helm test pod -> metrics', w.testPod, s, 9464, false);
  flow('Prometheus -> metrics', p.prometheus, s, 9464, true);
  flow('Prometheus -> http', p.prometheus, s, 8080, false);
  flow('Prometheus -> Envoy stats 15090', p.prometheus, s, 15090, istio);
  flow('Grafana (Prometheus namespace) -> metrics', p.grafana, s, 9464, false);
  flow(
    'ingress controller -> http',
    p.ingressController,
    s,
    8080,
    exposed && !istio,
  );
  flow('ingress controller -> metrics', p.ingressController, s, 9464, false);
  for (const range of v.networkPolicy.loadBalancerSourceRanges as string[]) {
    const lb = { kind: 'address' as const, name: 'alb', ip: inside(range) };
    flow(`load balancer ${lb.ip} -> http`, lb, s, 8080, exposed && !istio);
    flow(`load balancer ${lb.ip} -> metrics`, lb, s, 9464, false);
    const next = {
      kind: 'address' as const,
      name: 'next',
      ip: justOutside(range),
    };
    flow(`${next.ip} (next to ${range}) -> http`, next, s, 8080, false);
  }
  for (const mode of ['internal', 'public']) {
    flow(
      `${mode} Istio gateway -> http`,
      p[`${mode}Gateway`],
      s,
      8080,
      istio && v.ingress.mode === mode,
    );
  }
  flow(
    'gateway namespace, other pod -> http',
    p.gatewayNeighbour,
    s,
    8080,
    false,
  );
  flow('internet -> http', p.internet, s, 8080, false);
  flow('internet -> metrics', p.internet, s, 9464, false);

  // Egress from the service
  flow('-> kube-dns 53/UDP', s, p.kubeDns, 53, true, 'UDP');
  flow('-> kube-dns 53/TCP', s, p.kubeDns, 53, true);
  flow('-> kube-dns 443', s, p.kubeDns, 443, false);
  flow(
    '-> other kube-system pod 53/UDP',
    s,
    p.kubeSystemOther,
    53,
    false,
    'UDP',
  );
  flow('-> other kube-system pod 443', s, p.kubeSystemOther, 443, false);
  flow('-> 8.8.8.8 53/UDP', s, p.publicDns, 53, false, 'UDP');
  flow(
    '-> collector 4318',
    s,
    p.collector,
    4318,
    Boolean(v.tracing.otlpEndpoint),
  );
  flow('-> collector 4317', s, p.collector, 4317, false);
  flow(
    '-> other pod of the collector namespace 4318',
    s,
    p.observabilityOther,
    4318,
    false,
  );
  flow('-> Vault 8200', s, p.vault, 8200, vault);
  flow('-> Vault 8201', s, p.vault, 8201, false);
  flow('-> Vault namespace, other pod 8200', s, p.vaultNeighbour, 8200, false);
  flow('-> istiod 15012', s, p.istiod, 15012, istio);
  flow('-> istiod 15017', s, p.istiod, 15017, istio);
  flow('-> istiod 15010 (plain text xDS)', s, p.istiod, 15010, false);
  flow('-> neighbour pod http', s, p.neighbour, 8080, false);
  for (const caller of w.callers) {
    flow(`-> caller ${caller.name} (not a dependency)`, s, caller, 8080, false);
  }
  for (const dep of w.dependencies) {
    flow(
      `-> dependency ${dep.pod.namespace}/${dep.pod.name} on its port`,
      s,
      dep.pod,
      dep.port,
      true,
    );
    flow(
      `-> dependency ${dep.pod.namespace}/${dep.pod.name} admin port`,
      s,
      dep.pod,
      9999,
      false,
    );
  }
  for (const rule of v.networkPolicy.egress as Array<{
    name: string;
    cidr: string;
    except?: string[];
    ports: Array<{ port: number; protocol: Protocol }>;
  }>) {
    const target = {
      kind: 'address' as const,
      name: rule.name,
      ip: inside(rule.cidr),
    };
    for (const port of rule.ports) {
      flow(
        `-> ${rule.name} ${port.port}`,
        s,
        target,
        port.port,
        true,
        port.protocol,
      );
    }
    flow(`-> ${rule.name} 22`, s, target, 22, false);
    for (const except of rule.except ?? []) {
      const hole = {
        kind: 'address' as const,
        name: 'except',
        ip: inside(except),
      };
      flow(
        `-> ${rule.name} except ${except}`,
        s,
        hole,
        rule.ports[0].port,
        false,
      );
    }
    const next = {
      kind: 'address' as const,
      name: 'next',
      ip: justOutside(rule.cidr),
    };
    flow(`-> next to ${rule.name}`, s, next, rule.ports[0].port, false);
  }
  if (v.kafka.enabled) {
    for (const cidr of v.kafka.brokerCidrs as string[]) {
      const broker = {
        kind: 'address' as const,
        name: 'broker',
        ip: inside(cidr),
      };
      flow(`-> Kafka broker ${broker.ip} 9098`, s, broker, 9098, true);
      flow(
        `-> Kafka broker ${broker.ip} 9092 (plain text)`,
        s,
        broker,
        9092,
        false,
      );
    }
  }
  if (v.database.host) {
    for (const cidr of v.database.cidrs as string[]) {
      const db = { kind: 'address' as const, name: 'db', ip: inside(cidr) };
      const port = v.database.port as number;
      flow(`-> database ${db.ip} ${port}`, s, db, port, true);
      flow(`-> database ${db.ip} 22`, s, db, 22, false);
      const next = {
        kind: 'address' as const,
        name: 'next',
        ip: justOutside(cidr),
      };
      flow(`-> next to the database's ${cidr}`, s, next, port, false);
    }
  } else {
    flow('-> a database port, with no database', s, p.internet, 5432, false);
  }
  // No rule opens a port to every address.
  const anyPorts = new Set<number>([
    22, 80, 443, 5432, 8080, 8200, 9092, 9098, 15012, 15017,
  ]);
  for (const policy of w.cluster.policies) {
    for (const rule of policy.spec.egress ?? []) {
      for (const port of rule.ports ?? []) {
        if (typeof port.port === 'number') anyPorts.add(port.port);
      }
    }
  }
  for (const port of anyPorts) {
    flow(`-> internet ${port}`, s, p.internet, port, false);
    flow(`-> link-local ${port}`, s, p.imdsLike, port, false);
  }
  return list;
}

describe.each(caseNames(options))('NetworkPolicy of %s', name => {
  it('admits exactly what it should and nothing else', () => {
    const c = cases(name);
    expect(c.render.stderr).toBe('');
    const world = serviceWorld(c);
    const wrong = expectations(c)
      .map(e => ({
        ...e,
        verdict: evaluateFlow(world.cluster, e),
      }))
      .filter(e => e.verdict.allowed !== e.allowed)
      .map(e => ({
        flow: e.what,
        expected: e.allowed ? 'allowed' : 'denied',
        egress: e.verdict.egress,
        ingress: e.verdict.ingress,
      }));
    expect(wrong).toEqual([]);
  });

  it('isolates the pods both ways, and names peers and ports in every rule', () => {
    const c = cases(name);
    const policies = c.render.documents.filter(d => d.kind === 'NetworkPolicy');
    expect(policies.length).toBe(2);
    for (const policy of policies) {
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    }
    const rules = policies.flatMap(p => [
      ...(p.spec.ingress ?? []).map((r: any) => r.from),
      ...(p.spec.egress ?? []).map((r: any) => r.to),
    ]);
    for (const peers of rules) {
      expect(peers?.length).toBeGreaterThan(0);
      for (const peer of peers) {
        if (peer.ipBlock) expect(peer.ipBlock.cidr).not.toMatch(/\/0$/);
      }
    }
    for (const policy of policies) {
      for (const rule of [
        ...(policy.spec.ingress ?? []),
        ...(policy.spec.egress ?? []),
      ]) {
        expect(rule.ports?.length).toBeGreaterThan(0);
      }
    }
    const world = serviceWorld(c);
    // the canary's pods (and any other track) fall under the same policies
    expect(world.service.labels.version).toBe('stable');
    for (const policy of policies) {
      expect(policy.spec.podSelector.matchLabels.version).toBeUndefined();
    }
  });
});
