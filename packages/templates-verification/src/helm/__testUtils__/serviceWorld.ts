import { ChartCase, Values, trackDeployment } from './chartCases';
import {
  AddressEndpoint,
  Cluster,
  ContainerPort,
  NetworkPolicy,
  PodEndpoint,
} from '../networkPolicy/evaluator';

/*
 * A cluster around one rendering of the chart: the service's pod as the
 * Deployment renders it (labels, container ports), the chart's helm test pod,
 * and the pods and addresses the values name (callers, Prometheus, DNS, the
 * collector, Vault, istiod, gateways, dependencies, CIDRs), each next to a
 * look-alike that must stay outside (same namespace other labels, same
 * labels other namespace, an address just outside a range, the internet).
 * Pod addresses come from 100.64.0.0/16 (EKS custom networking), outside
 * every CIDR the values name.
 */

let nextIp = 1;
function podIp(): string {
  const n = nextIp++;
  return `100.64.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

function pod(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ports: ContainerPort[] = [],
): PodEndpoint {
  return { kind: 'pod', name, namespace, labels, ip: podIp(), ports };
}

function address(name: string, ip: string): AddressEndpoint {
  return { kind: 'address', name, ip };
}

/** An address inside the CIDR (its network address + 5). */
export function inside(cidr: string): string {
  const [base] = cidr.split('/');
  const parts = base.split('.').map(Number);
  parts[3] += 5;
  return parts.join('.');
}

/** The address right after the CIDR's last one. */
export function justOutside(cidr: string): string {
  const [base, bits] = cidr.split('/');
  const n =
    base.split('.').reduce((acc, p) => acc * 256 + Number(p), 0) +
    2 ** (32 - Number(bits));
  return [24, 16, 8, 0].map(s => Math.floor(n / 2 ** s) % 256).join('.');
}

export interface ServiceWorld {
  cluster: Cluster;
  service: PodEndpoint;
  testPod: PodEndpoint;
  /** Named pods and addresses of the world. */
  peers: Record<string, PodEndpoint | AddressEndpoint>;
  callers: PodEndpoint[];
  dependencies: Array<{ pod: PodEndpoint; port: number }>;
}

const HTTP_PORT = 8080;

/** The world of one chart case. */
export function serviceWorld(c: ChartCase): ServiceWorld {
  const docs = c.render.documents;
  const v: Values = c.values;
  const deployment = trackDeployment(docs);
  const template = deployment.spec.template;
  const service = pod(
    'service',
    c.namespace,
    template.metadata.labels,
    template.spec.containers[0].ports,
  );
  const testHook = c.render.manifests.find(
    m => m.hook === 'test' && m.object.kind === 'Pod',
  )!.object;
  const testPod = pod('helm-test', c.namespace, testHook.metadata.labels);

  const peers: ServiceWorld['peers'] = {};
  const add = (key: string, endpoint: PodEndpoint | AddressEndpoint) => {
    peers[key] = endpoint;
    return endpoint;
  };
  const np = v.networkPolicy;
  add(
    'prometheus',
    pod('prometheus', np.prometheus.namespace, np.prometheus.podLabels),
  );
  add(
    'grafana',
    pod('grafana', np.prometheus.namespace, {
      'app.kubernetes.io/name': 'grafana',
    }),
  );
  add(
    'kubeDns',
    pod('coredns', np.dns.namespace, np.dns.podLabels, [
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
    ]),
  );
  add(
    'kubeSystemOther',
    pod('metrics-server', 'kube-system', { 'k8s-app': 'metrics-server' }, [
      { name: 'https', containerPort: 443 },
    ]),
  );
  add(
    'ingressController',
    pod('ingress-controller', np.ingressControllerNamespace, {
      'app.kubernetes.io/name': 'ingress-nginx',
    }),
  );
  add(
    'collector',
    pod('collector', np.telemetry.namespace, np.telemetry.podLabels, [
      { name: 'otlp-http', containerPort: 4318 },
      { name: 'otlp-grpc', containerPort: 4317 },
    ]),
  );
  add(
    'observabilityOther',
    pod(
      'jaeger',
      np.telemetry.namespace,
      { 'app.kubernetes.io/name': 'jaeger' },
      [{ name: 'otlp-http', containerPort: 4318 }],
    ),
  );
  add(
    'vault',
    pod(
      'vault',
      v.vault.egress.namespace || 'vault',
      v.vault.egress.podLabels,
      [{ name: 'https', containerPort: 8200 }],
    ),
  );
  add(
    'vaultNeighbour',
    pod(
      'vault-ui',
      v.vault.egress.namespace || 'vault',
      { 'app.kubernetes.io/name': 'vault-ui' },
      [{ name: 'https', containerPort: 8200 }],
    ),
  );
  add(
    'istiod',
    pod('istiod', v.istio.istiod.namespace, v.istio.istiod.podLabels, [
      { name: 'grpc-xds', containerPort: 15010 },
      { name: 'https-dns', containerPort: 15012 },
      { name: 'https-webhook', containerPort: 15017 },
    ]),
  );
  for (const mode of ['internal', 'public'] as const) {
    const gw = v.istio.ingressGateways[mode];
    add(`${mode}Gateway`, pod(`${mode}-gateway`, gw.namespace, gw.podLabels));
  }
  add(
    'gatewayNeighbour',
    pod('gateway-neighbour', v.istio.ingressGateways.public.namespace, {
      'app.kubernetes.io/name': 'kiali',
    }),
  );
  add(
    'neighbour',
    pod('neighbour', c.namespace, { 'app.kubernetes.io/name': 'neighbour' }, [
      { name: 'http', containerPort: HTTP_PORT },
    ]),
  );
  add('internet', address('internet', '203.0.113.7'));
  add('publicDns', address('public-dns', '8.8.8.8'));
  add('imdsLike', address('link-local', '169.254.169.254'));

  const callers = (
    np.allowedCallers as Array<{ name: string; namespace: string }>
  ).map(caller =>
    pod(`caller-${caller.name}`, caller.namespace, {
      'app.kubernetes.io/name': caller.name,
    }),
  );
  for (const caller of np.allowedCallers) {
    // the caller's name in namespaces it does not live in
    for (const ns of new Set(['attacker', c.namespace])) {
      if (ns === caller.namespace) continue;
      add(
        `impostor-${caller.name}-in-${ns}`,
        pod(`impostor-${caller.name}`, ns, {
          'app.kubernetes.io/name': caller.name,
        }),
      );
    }
  }

  const dependencies = (
    np.dependencies as Array<{
      name: string;
      namespace: string;
      port: number | string;
    }>
  ).map(dep => {
    const port = typeof dep.port === 'number' ? dep.port : HTTP_PORT;
    return {
      port,
      pod: pod(
        `dep-${dep.name}`,
        dep.namespace,
        { 'app.kubernetes.io/name': dep.name },
        [
          {
            name: typeof dep.port === 'string' ? dep.port : 'app',
            containerPort: port,
          },
          { name: 'admin', containerPort: 9999 },
        ],
      ),
    };
  });

  const namespaces = new Set<string>(['attacker', c.namespace]);
  for (const e of [
    service,
    testPod,
    ...callers,
    ...dependencies.map(d => d.pod),
    ...Object.values(peers),
  ]) {
    if (e.kind === 'pod') namespaces.add(e.namespace);
  }
  return {
    cluster: {
      namespaces: [...namespaces].map(name => ({ name })),
      policies: docs.filter(d => d.kind === 'NetworkPolicy') as NetworkPolicy[],
    },
    service,
    testPod,
    peers,
    callers,
    dependencies,
  };
}
