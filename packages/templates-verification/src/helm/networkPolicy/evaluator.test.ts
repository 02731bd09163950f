import {
  Cluster,
  Endpoint,
  NetworkPolicy,
  PodEndpoint,
  cidrContains,
  evaluateFlow,
  selectorMatches,
} from './evaluator';

/*
 * The evaluator's semantics, one rule of the Kubernetes NetworkPolicy API per
 * case, on hand-written policies (the chart's policies are checked with it in
 * chartNetworkPolicy.test.ts).
 */

function pod(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ip: string,
  ports: PodEndpoint['ports'] = [{ name: 'http', containerPort: 8080 }],
): PodEndpoint {
  return { kind: 'pod', name, namespace, labels, ip, ports };
}

const api = pod('api', 'shop', { app: 'api' }, '100.64.0.10', [
  { name: 'http', containerPort: 8080 },
  { name: 'metrics', containerPort: 9464 },
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
]);
const web = pod('web', 'shop', { app: 'web', tier: 'front' }, '100.64.0.11');
const webElsewhere = pod('web', 'other', { app: 'web' }, '100.64.0.12');
const prom = pod('prom', 'monitoring', { app: 'prometheus' }, '100.64.0.13');
const internet: Endpoint = {
  kind: 'address',
  name: 'internet',
  ip: '203.0.113.9',
};
const vpc: Endpoint = { kind: 'address', name: 'vpc', ip: '10.0.3.4' };

function cluster(...policies: NetworkPolicy[]): Cluster {
  return {
    namespaces: [
      { name: 'shop', labels: { team: 'shop' } },
      { name: 'other' },
      { name: 'monitoring', labels: { team: 'platform' } },
    ],
    policies,
  };
}

function policy(
  spec: NetworkPolicy['spec'],
  name = 'p',
  namespace = 'shop',
): NetworkPolicy {
  return { metadata: { name, namespace }, spec };
}

const selectApi = { matchLabels: { app: 'api' } };

describe('NetworkPolicy evaluator', () => {
  it('allows everything when no policy selects the pods', () => {
    const c = cluster(policy({ podSelector: { matchLabels: { app: 'x' } } }));
    expect(evaluateFlow(c, { from: web, to: api, port: 8080 }).allowed).toBe(
      true,
    );
    expect(
      evaluateFlow(c, { from: api, to: internet, port: 443 }).ingress,
    ).toEqual({ result: 'not-isolated' });
  });

  it('denies both directions under a default-deny policy', () => {
    const c = cluster(
      policy({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    );
    const verdict = evaluateFlow(c, { from: web, to: api, port: 8080 });
    expect(verdict).toEqual({
      allowed: false,
      egress: { result: 'denied', policies: ['p'] },
      ingress: { result: 'denied', policies: ['p'] },
    });
  });

  it('defaults policyTypes to Ingress, plus Egress only when egress rules exist', () => {
    const ingressOnly = cluster(policy({ podSelector: selectApi }));
    expect(
      evaluateFlow(ingressOnly, { from: api, to: internet, port: 443 }).allowed,
    ).toBe(true);
    expect(
      evaluateFlow(ingressOnly, { from: web, to: api, port: 8080 }).allowed,
    ).toBe(false);
    const withEgress = cluster(policy({ podSelector: selectApi, egress: [] }));
    expect(
      evaluateFlow(withEgress, { from: api, to: internet, port: 443 }).allowed,
    ).toBe(false);
  });

  it('needs the egress of the source and the ingress of the destination', () => {
    const c = cluster(
      policy(
        { podSelector: { matchLabels: { app: 'web' } }, egress: [{}] },
        'web-egress',
      ),
      policy({ podSelector: selectApi, policyTypes: ['Ingress'] }, 'api-deny'),
    );
    const verdict = evaluateFlow(c, { from: web, to: api, port: 8080 });
    expect(verdict.egress).toEqual({
      result: 'allowed',
      policy: 'web-egress',
      rule: 0,
    });
    expect(verdict.allowed).toBe(false);
  });

  it('treats a rule without peers or ports as every peer and every port', () => {
    const c = cluster(policy({ podSelector: selectApi, ingress: [{}] }));
    for (const from of [web, webElsewhere, prom, internet]) {
      expect(evaluateFlow(c, { from, to: api, port: 1234 }).allowed).toBe(true);
    }
  });

  it('reads podSelector alone as the policy namespace', () => {
    const c = cluster(
      policy({
        podSelector: selectApi,
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
      }),
    );
    expect(evaluateFlow(c, { from: web, to: api, port: 8080 }).allowed).toBe(
      true,
    );
    expect(
      evaluateFlow(c, { from: webElsewhere, to: api, port: 8080 }).allowed,
    ).toBe(false);
  });

  it('ANDs namespaceSelector and podSelector in one peer, ORs separate peers', () => {
    const and = cluster(
      policy({
        podSelector: selectApi,
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { team: 'platform' } },
                podSelector: { matchLabels: { app: 'prometheus' } },
              },
            ],
          },
        ],
      }),
    );
    expect(evaluateFlow(and, { from: prom, to: api, port: 8080 }).allowed).toBe(
      true,
    );
    expect(evaluateFlow(and, { from: web, to: api, port: 8080 }).allowed).toBe(
      false,
    );
    const or = cluster(
      policy({
        podSelector: selectApi,
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { team: 'platform' } } },
              { podSelector: { matchLabels: { app: 'web' } } },
            ],
          },
        ],
      }),
    );
    expect(evaluateFlow(or, { from: prom, to: api, port: 8080 }).allowed).toBe(
      true,
    );
    expect(evaluateFlow(or, { from: web, to: api, port: 8080 }).allowed).toBe(
      true,
    );
    expect(
      evaluateFlow(or, { from: webElsewhere, to: api, port: 8080 }).allowed,
    ).toBe(false);
  });

  it('matches every namespace with an empty namespaceSelector, and namespaces by their implied name label', () => {
    const any = cluster(
      policy({
        podSelector: selectApi,
        ingress: [
          {
            from: [
              {
                namespaceSelector: {},
                podSelector: { matchLabels: { app: 'web' } },
              },
            ],
          },
        ],
      }),
    );
    expect(
      evaluateFlow(any, { from: webElsewhere, to: api, port: 8080 }).allowed,
    ).toBe(true);
    const byName = cluster(
      policy({
        podSelector: selectApi,
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': 'other' },
                },
              },
            ],
          },
        ],
      }),
    );
    expect(
      evaluateFlow(byName, { from: webElsewhere, to: api, port: 8080 }).allowed,
    ).toBe(true);
    expect(
      evaluateFlow(byName, { from: web, to: api, port: 8080 }).allowed,
    ).toBe(false);
  });

  it('matches addresses by ipBlock and its except list, never by selectors', () => {
    const c = cluster(
      policy({
        podSelector: selectApi,
        egress: [
          {
            to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.3.0/24'] } }],
          },
          { to: [{ namespaceSelector: {} }] },
        ],
      }),
    );
    const inside: Endpoint = { kind: 'address', name: 'db', ip: '10.0.4.4' };
    expect(evaluateFlow(c, { from: api, to: inside, port: 5432 }).allowed).toBe(
      true,
    );
    expect(evaluateFlow(c, { from: api, to: vpc, port: 5432 }).allowed).toBe(
      false,
    );
    expect(
      evaluateFlow(c, { from: api, to: internet, port: 5432 }).allowed,
    ).toBe(false);
    expect(evaluateFlow(c, { from: api, to: web, port: 8080 }).allowed).toBe(
      true,
    );
  });

  it('matches pods by address too (the VPC CNI gives pods VPC addresses)', () => {
    const c = cluster(
      policy({
        podSelector: selectApi,
        ingress: [{ from: [{ ipBlock: { cidr: '100.64.0.0/16' } }] }],
      }),
    );
    expect(evaluateFlow(c, { from: web, to: api, port: 8080 }).allowed).toBe(
      true,
    );
  });

  it('resolves named ports against the destination pod and never for addresses', () => {
    const ingress = cluster(
      policy({
        podSelector: selectApi,
        ingress: [{ ports: [{ port: 'metrics' }] }],
      }),
    );
    expect(
      evaluateFlow(ingress, { from: prom, to: api, port: 9464 }).allowed,
    ).toBe(true);
    expect(
      evaluateFlow(ingress, { from: prom, to: api, port: 8080 }).allowed,
    ).toBe(false);
    const egress = cluster(
      policy({
        podSelector: selectApi,
        egress: [{ ports: [{ port: 'http' }] }],
      }),
    );
    expect(
      evaluateFlow(egress, { from: api, to: web, port: 8080 }).allowed,
    ).toBe(true);
    expect(
      evaluateFlow(egress, { from: api, to: internet, port: 8080 }).allowed,
    ).toBe(false);
    const prometheusWithoutHttp = pod(
      'p',
      'shop',
      { app: 'p' },
      '100.64.0.20',
      [{ name: 'web', containerPort: 8080 }],
    );
    expect(
      evaluateFlow(egress, { from: api, to: prometheusWithoutHttp, port: 8080 })
        .allowed,
    ).toBe(false);
  });

  it('matches protocols (TCP by default), port numbers and endPort ranges', () => {
    const c = cluster(
      policy({
        podSelector: selectApi,
        ingress: [
          { ports: [{ port: 53, protocol: 'UDP' }] },
          { ports: [{ port: 30000, endPort: 30010 }] },
          { ports: [{ protocol: 'SCTP' }] },
        ],
      }),
    );
    const at = (port: number, protocol?: 'TCP' | 'UDP' | 'SCTP') =>
      evaluateFlow(c, { from: web, to: api, port, protocol }).allowed;
    expect(at(53, 'UDP')).toBe(true);
    expect(at(53)).toBe(false);
    expect(at(30005)).toBe(true);
    expect(at(30011)).toBe(false);
    expect(at(30005, 'UDP')).toBe(false);
    expect(at(9999, 'SCTP')).toBe(true);
  });

  it('unions the rules of every policy that selects the pod', () => {
    const c = cluster(
      policy(
        {
          podSelector: selectApi,
          ingress: [
            { from: [{ podSelector: { matchLabels: { app: 'web' } } }] },
          ],
        },
        'a',
      ),
      policy(
        {
          podSelector: {},
          ingress: [
            { from: [{ namespaceSelector: {} }], ports: [{ port: 9464 }] },
          ],
        },
        'b',
      ),
    );
    expect(
      evaluateFlow(c, { from: prom, to: api, port: 9464 }).ingress,
    ).toEqual({ result: 'allowed', policy: 'b', rule: 0 });
    expect(
      evaluateFlow(c, { from: prom, to: api, port: 8080 }).ingress,
    ).toEqual({ result: 'denied', policies: ['a', 'b'] });
  });

  it('ignores policies of other namespaces', () => {
    const c = cluster(
      policy({ podSelector: {}, policyTypes: ['Ingress'] }, 'deny', 'other'),
    );
    expect(evaluateFlow(c, { from: web, to: api, port: 8080 }).allowed).toBe(
      true,
    );
    expect(
      evaluateFlow(c, { from: web, to: webElsewhere, port: 8080 }).allowed,
    ).toBe(false);
  });
});

describe('label selectors', () => {
  const labels = { app: 'api', tier: 'back' };
  it.each([
    [{}, true],
    [{ matchLabels: { app: 'api' } }, true],
    [{ matchLabels: { app: 'web' } }, false],
    [
      { matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] },
      true,
    ],
    [
      {
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }],
      },
      false,
    ],
    [
      {
        matchExpressions: [
          { key: 'tier', operator: 'NotIn', values: ['front'] },
        ],
      },
      true,
    ],
    [
      { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] },
      true,
    ],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [
      {
        matchLabels: { app: 'api' },
        matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }],
      },
      false,
    ],
  ] as const)('%j matches: %s', (selector, expected) => {
    expect(selectorMatches(selector as any, labels)).toBe(expected);
  });
});

describe('CIDRs', () => {
  it.each([
    ['10.0.0.0/16', '10.0.255.1', true],
    ['10.0.0.0/16', '10.1.0.1', false],
    ['10.0.3.4/32', '10.0.3.4', true],
    ['10.0.3.4/32', '10.0.3.5', false],
    ['0.0.0.0/0', '203.0.113.9', true],
    ['192.168.0.0/23', '192.168.1.200', true],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(cidrContains(cidr, ip)).toBe(expected);
  });

  it('refuses what is not IPv4', () => {
    expect(() => cidrContains('10.0.0.0/33', '10.0.0.1')).toThrow('CIDR');
    expect(() => cidrContains('10.0.0.0/8', '10.0.0')).toThrow('IPv4');
  });
});
