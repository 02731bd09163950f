/* eslint-disable jest/no-conditional-expect -- the checks branch on the values of the case under test; every branch asserts */
import {
  ChartOption,
  caseNames,
  renderedCases,
  only,
  trackDeployment,
} from './__testUtils__/chartCases';
import { withIstioCanary } from './__testUtils__/chartOptions';
import { selectorMatches } from './networkPolicy/evaluator';

/*
 * With Istio on, the mesh objects agree with each other and with the
 * workload: subsets select pods that exist, weights sum to 100, the
 * AuthorizationPolicy admits exactly the callers' service accounts, the
 * ingress gateway when exposed and the chart's test, and Envoy outlives the
 * app's shutdown. With Istio off, none of it is rendered.
 */
jest.setTimeout(300_000);

const ISTIO_KINDS = [
  'PeerAuthentication',
  'DestinationRule',
  'VirtualService',
  'AuthorizationPolicy',
];

const options: Record<string, ChartOption> = {
  generated: () => ({}),
  'Istio on': () => ({ istio: { enabled: true } }),
  'canary at 10%': withIstioCanary,
};

const cases = renderedCases(options);

describe.each(caseNames(options))('Istio in %s', name => {
  const c = () => cases(name);
  const docs = () => c().render.documents;

  it('renders the mesh objects exactly when Istio is on', () => {
    const kinds = docs().map(d => d.kind);
    for (const kind of ISTIO_KINDS) {
      expect([kind, kinds.filter(k => k === kind).length]).toEqual([
        kind,
        c().values.istio.enabled ? 1 : 0,
      ]);
    }
    const pod = trackDeployment(docs()).spec.template;
    expect(pod.metadata.labels['sidecar.istio.io/inject']).toBe(
      c().values.istio.enabled ? 'true' : undefined,
    );
    const exposed = c().values.ingress.mode !== 'none';
    // With Istio, the gateway exposes the service; plain text from an ALB would meet STRICT mTLS.
    expect(docs().filter(d => d.kind === 'Ingress').length).toBe(
      exposed && !c().values.istio.enabled ? 1 : 0,
    );
  });

  it('requires mutual TLS of every pod, except on the scrape port', () => {
    if (!c().values.istio.enabled) return;
    const peer = only(docs(), 'PeerAuthentication');
    expect(peer.spec.mtls).toEqual({ mode: 'STRICT' });
    const pods = docs()
      .filter(d => d.kind === 'Deployment')
      .map(d => d.spec.template);
    for (const pod of pods) {
      expect(selectorMatches(peer.spec.selector, pod.metadata.labels)).toBe(
        true,
      );
    }
    const metrics = pods[0].spec.containers[0].ports.find(
      (p: any) => p.name === 'metrics',
    );
    expect(peer.spec.portLevelMtls).toEqual({
      [String(metrics.containerPort)]: { mode: 'PERMISSIVE' },
    });
  });

  it('routes by weights that sum to 100 to subsets whose pods exist', () => {
    if (!c().values.istio.enabled) return;
    const service = only(docs(), 'Service');
    const host = `${service.metadata.name}.${c().namespace}.svc.cluster.local`;
    const rule = only(docs(), 'DestinationRule');
    const virtual = only(docs(), 'VirtualService');
    expect(rule.spec.host).toBe(host);
    expect(rule.spec.trafficPolicy).toMatchObject({
      tls: { mode: 'ISTIO_MUTUAL' },
      connectionPool: {
        tcp: {
          maxConnections: expect.any(Number),
          connectTimeout: expect.any(String),
        },
        http: {
          http1MaxPendingRequests: expect.any(Number),
          http2MaxRequests: expect.any(Number),
        },
      },
      outlierDetection: {
        consecutive5xxErrors: expect.any(Number),
        interval: expect.any(String),
        baseEjectionTime: expect.any(String),
      },
    });
    expect(virtual.spec.hosts[0]).toBe(host);
    const routes = virtual.spec.http.flatMap((h: any) => h.route);
    expect(routes.reduce((sum: number, r: any) => sum + r.weight, 0)).toBe(100);
    const weights = Object.fromEntries(
      routes.map((r: any) => [r.destination.subset, r.weight]),
    );
    expect(weights).toEqual(c().values.istio.traffic);
    const httpPort = service.spec.ports.find(
      (p: any) => p.name === 'http',
    ).port;
    const deployments = docs().filter(d => d.kind === 'Deployment');
    for (const route of routes) {
      expect(route.destination.host).toBe(host);
      expect(route.destination.port).toEqual({ number: httpPort });
      const subset = rule.spec.subsets.find(
        (s: any) => s.name === route.destination.subset,
      );
      expect(subset).toBeDefined();
      // pods of the subset: behind the Service and carrying the subset's labels
      const pods = deployments
        .map(d => d.spec.template.metadata.labels)
        .filter(labels =>
          selectorMatches({ matchLabels: subset.labels }, labels),
        )
        .filter(labels =>
          selectorMatches({ matchLabels: service.spec.selector }, labels),
        );
      if (route.weight > 0) expect(pods.length).toBe(1);
      // a subset selects one track only, so weights mean what they say
      expect(pods.length).toBeLessThanOrEqual(1);
    }
    const canary = docs().filter(
      d =>
        d.kind === 'Deployment' &&
        d.spec.selector.matchLabels.version === 'canary',
    );
    expect(canary.length).toBe(c().values.istio.canary.enabled ? 1 : 0);
    if (canary.length) {
      const image = canary[0].spec.template.spec.containers[0].image;
      expect(image).toMatch(new RegExp(`:${c().values.istio.canary.tag}$`));
      const attributes = canary[0].spec.template.spec.containers[0].env.find(
        (e: any) => e.name === 'OTEL_RESOURCE_ATTRIBUTES',
      ).value;
      expect(attributes).toContain(
        `service.version=${c().values.istio.canary.tag}`,
      );
    }
  });

  it('binds the gateway route only when exposed, to the gateway of the exposure mode', () => {
    if (!c().values.istio.enabled) return;
    const virtual = only(docs(), 'VirtualService');
    const mode = c().values.ingress.mode;
    if (mode === 'none') {
      expect(virtual.spec.gateways).toEqual(['mesh']);
      expect(virtual.spec.hosts).toHaveLength(1);
    } else {
      expect(virtual.spec.gateways).toEqual([
        'mesh',
        c().values.istio.ingressGateways[mode].gateway,
      ]);
      expect(virtual.spec.hosts[1]).toBe(c().values.ingress.host);
    }
  });

  it('authorizes exactly the callers, the gateway when exposed and the chart test, on the service port', () => {
    if (!c().values.istio.enabled) return;
    const policy = only(docs(), 'AuthorizationPolicy');
    const v = c().values;
    const td = v.istio.trustDomain;
    expect(policy.spec.action).toBe('ALLOW');
    for (const d of docs().filter(x => x.kind === 'Deployment')) {
      expect(
        selectorMatches(policy.spec.selector, d.spec.template.metadata.labels),
      ).toBe(true);
    }
    const testPod = c().render.manifests.find(
      m => m.hook === 'test' && m.object.kind === 'Pod',
    )!.object;
    const expected = [
      ...v.networkPolicy.allowedCallers.map(
        (x: any) => `${td}/ns/${x.namespace}/sa/${x.name}`,
      ),
      ...(v.ingress.mode === 'none'
        ? []
        : [
            `${td}/ns/${v.istio.ingressGateways[v.ingress.mode].namespace}/sa/${
              v.istio.ingressGateways[v.ingress.mode].serviceAccount
            }`,
          ]),
      `${td}/ns/${c().namespace}/sa/${testPod.spec.serviceAccountName}`,
    ];
    const [callers, scrape] = policy.spec.rules;
    expect(policy.spec.rules).toHaveLength(2);
    expect(callers.from).toEqual([{ source: { principals: expected } }]);
    const container = trackDeployment(docs()).spec.template.spec.containers[0];
    const port = (n: string) =>
      String(container.ports.find((p: any) => p.name === n).containerPort);
    expect(callers.to).toEqual([{ operation: { ports: [port('http')] } }]);
    // Prometheus has no mesh identity: the scrape port is open to any source
    // here and to Prometheus only in the NetworkPolicy.
    expect(scrape).toEqual({
      to: [{ operation: { ports: [port('metrics')] } }],
    });
  });

  it('keeps Envoy up until the app has drained, with its own resources', () => {
    if (!c().values.istio.enabled) return;
    const pod = trackDeployment(docs()).spec.template;
    const config = JSON.parse(
      pod.metadata.annotations['proxy.istio.io/config'],
    );
    expect(config.holdApplicationUntilProxyStarts).toBe(true);
    const shutdown = c().values.shutdown;
    const serving =
      shutdown.preStopSeconds +
      Math.ceil((shutdown.drainMs + shutdown.timeoutMs) / 1000);
    expect(
      Number(config.terminationDrainDuration.replace(/s$/, '')),
    ).toBeGreaterThanOrEqual(serving);
    expect(
      Number(config.terminationDrainDuration.replace(/s$/, '')),
    ).toBeLessThan(pod.spec.terminationGracePeriodSeconds);
    for (const key of [
      'proxyCPU',
      'proxyCPULimit',
      'proxyMemory',
      'proxyMemoryLimit',
    ]) {
      expect(pod.metadata.annotations[`sidecar.istio.io/${key}`]).toMatch(
        /^[0-9]+(m|Mi|Gi)?$/,
      );
    }
  });
});
