import {
  EnvironmentScorecard,
  ImageScanSummary,
  RuleOutcome,
  RuleResult,
  ScorecardRuleInfo,
  ServiceScorecard,
} from '@internal/backstage-plugin-eks-platform-common';

/** Four rules of the standard, one per severity. */
export const RULES: ScorecardRuleInfo[] = [
  {
    id: 'replicas-spread-zones',
    title: 'Three replicas over three zones',
    why: 'A zone outage must not take the service down.',
    fix: 'Run at least three replicas with the zone spread of the golden-path chart.',
    chartValue: 'autoscaling.minReplicas',
    severity: 'critical',
    appliesTo: { environments: ['prod'] },
    source: 'eks-platform',
  },
  {
    id: 'network-policy',
    title: 'A NetworkPolicy selects the pods',
    why: 'Without one, any pod in the cluster can reach the service.',
    fix: 'Keep the chart’s NetworkPolicy enabled.',
    chartValue: 'networkPolicy.enabled',
    severity: 'high',
    appliesTo: {},
    source: 'eks-platform',
  },
  {
    id: 'traces-flow',
    title: 'Traces arrive',
    why: 'Without traces an incident cannot be followed across services.',
    fix: 'Keep the OpenTelemetry exporter of the chart enabled.',
    severity: 'medium',
    appliesTo: {},
    source: 'eks-platform',
  },
  {
    id: 'probes',
    title: 'Readiness and liveness probes',
    why: 'Traffic must only reach pods that can serve it.',
    fix: 'Set the probes of the chart.',
    chartValue: 'probes',
    severity: 'low',
    appliesTo: {},
    source: 'eks-platform',
  },
];

function counts(results: RuleResult[]): Record<RuleOutcome, number> {
  const all: Record<RuleOutcome, number> = {
    pass: 0,
    fail: 0,
    unknown: 0,
    'not-applicable': 0,
  };
  for (const r of results) all[r.outcome] += 1;
  return all;
}

export function environmentScorecard(
  environment: string,
  score: number | undefined,
  results: RuleResult[],
): EnvironmentScorecard {
  return { environment, score, counts: counts(results), results };
}

export const pass = (ruleId: string): RuleResult => ({
  ruleId,
  outcome: 'pass',
  reasons: [],
});

export const fail = (ruleId: string, ...reasons: string[]): RuleResult => ({
  ruleId,
  outcome: 'fail',
  reasons,
});

export const unknown = (ruleId: string, ...reasons: string[]): RuleResult => ({
  ruleId,
  outcome: 'unknown',
  reasons,
});

export function imageScanFixture(
  overrides: Partial<ImageScanSummary> = {},
): ImageScanSummary {
  return {
    digest:
      'sha256:4f2a9c0e3b1d7a6e5f4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918a7b6c',
    repository: 'checkout',
    registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    inOrganisationRegistry: true,
    clusters: ['prod', 'stage'],
    scanStatus: 'COMPLETE',
    counts: { CRITICAL: 2, HIGH: 5, MEDIUM: 1 },
    completedAt: '2026-01-10T11:00:00.000Z',
    consoleUrl:
      'https://console.aws.amazon.com/ecr/repositories/private/123456789012/checkout/_/image/sha256:4f2a/details',
    ...overrides,
  };
}

/**
 * Checkout: passes everything in dev; in prod it runs on one zone and has
 * no NetworkPolicy (also missing in stage); traces are unknown in prod
 * (Jaeger down).
 */
export function scorecardFixture(
  overrides: Partial<ServiceScorecard> = {},
): ServiceScorecard {
  return {
    entityRef: 'component:default/checkout',
    score: 40,
    environments: [
      environmentScorecard('prod', 40, [
        fail(
          'replicas-spread-zones',
          '2 ready pods, all in eu-west-1a; the standard needs 3 in 3 zones',
        ),
        fail('network-policy', 'No NetworkPolicy selects app=checkout'),
        unknown('traces-flow', 'Jaeger is failing: connect ECONNREFUSED'),
        pass('probes'),
      ]),
      environmentScorecard('dev', 100, [
        pass('network-policy'),
        pass('traces-flow'),
        pass('probes'),
      ]),
      environmentScorecard('stage', 71, [
        fail('network-policy', 'No NetworkPolicy selects app=checkout'),
        pass('traces-flow'),
        pass('probes'),
      ]),
    ],
    computedAt: '2026-01-10T12:00:00.000Z',
    history: ['01', '02', '03'].flatMap((d, i) => [
      { day: `2026-01-${d}`, environment: 'prod', score: 70 - i * 15 },
      { day: `2026-01-${d}`, environment: 'dev', score: 100 },
    ]),
    images: [imageScanFixture()],
    ...overrides,
  };
}

/** A fleet answer's scorecard: one prod environment failing `failing`. */
export function fleetScorecard(
  name: string,
  score: number | undefined,
  failing: string[],
): ServiceScorecard {
  return {
    entityRef: `component:default/${name}`,
    score,
    environments: [
      environmentScorecard(
        'prod',
        score,
        failing.map(ruleId => fail(ruleId, `${ruleId} fails`)),
      ),
    ],
    computedAt: '2026-01-10T12:00:00.000Z',
  };
}
