import { Entity } from '@backstage/catalog-model';
import { EntityPlatformStatus } from '@internal/backstage-plugin-eks-platform-common';
import { ConfigReader } from '@backstage/config';
import {
  cleanScan,
  compliantContext,
  compliantStatus,
  NOW,
} from './__testUtils__/compliantService';
import { readScorecardConfig } from './readScorecardConfig';
import { configureRules } from './ruleSet';
import { BUILT_IN_RULES } from './rules';
import { ScorecardService } from './ScorecardService';

const ENVIRONMENTS = [
  {
    name: 'stage',
    clusters: ['stage'],
    argocd: { instance: 'main', destinationServer: 'https://stage.example' },
  },
  {
    name: 'prod',
    clusters: ['prod'],
    argocd: { instance: 'main', destinationServer: 'https://prod.example' },
  },
];

function setup(scorecard: Record<string, unknown> = {}) {
  const config = readScorecardConfig(
    new ConfigReader({ eksPlatform: { scorecard } }),
  );
  let status: EntityPlatformStatus = withEmptyStage(compliantStatus());
  const statusOf = jest.fn(async () => status);
  const service = new ScorecardService({
    status: { statusOf },
    rules: configureRules(BUILT_IN_RULES, config.rules),
    environments: ENVIRONMENTS,
    thresholds: config.thresholds,
    images: { scansFor: () => [cleanScan()] },
    templateVersions: { currentFor: async () => '1.4.0' },
    now: () => NOW,
  });
  return {
    service,
    statusOf,
    setStatus: (s: EntityPlatformStatus) => {
      status = s;
    },
  };
}
/** The stage cluster answers, without the service in it. */
function withEmptyStage(status: EntityPlatformStatus) {
  const clusters = status.sources.kubernetes.data!.clusters;
  clusters.unshift({
    ...clusters[0],
    cluster: 'stage',
    deployments: [],
    pods: [],
    hpas: [],
    pdbs: [],
  });
  return status;
}
const entity: Entity = compliantContext().entity;

describe('ScorecardService', () => {
  it('scores the environment it runs in at 100 and leaves one it does not run in without a score', async () => {
    const { service } = setup();
    const card = await service.scorecardOf(entity);
    const [stage, prod] = card.environments;
    expect(prod.environment).toBe('prod');
    expect(prod.score).toBe(100);
    expect(prod.counts).toEqual({
      pass: BUILT_IN_RULES.length,
      fail: 0,
      unknown: 0,
      'not-applicable': 0,
    });
    // Not deployed in stage: every rule is unknown (its service-wide alerts
    // and traces say nothing of stage), the prod-only ones do not apply.
    expect(stage.score).toBeUndefined();
    expect(stage.counts.pass).toBe(0);
    expect(stage.results.find(r => r.ruleId === 'container-probes')).toEqual({
      ruleId: 'container-probes',
      outcome: 'unknown',
      reasons: ['not deployed in stage yet'],
    });
    expect(
      stage.results.find(r => r.ruleId === 'replicas-spread-zones')!.outcome,
    ).toBe('not-applicable');
    expect(card.score).toBe(100);
  });

  it('weighs failures by severity over passing and failing rules only, failing rules first', async () => {
    const { service, setStatus } = setup();
    const status = compliantStatus();
    const cluster = status.sources.kubernetes.data!.clusters[0];
    withEmptyStage(status);
    cluster.pods[2].zone = 'eu-west-1a'; // replicas-spread-zones: critical, 8
    cluster.hpas[0].minReplicas = 2; // hpa-min-replicas: high, 4
    delete cluster.networkPolicies; // network-policy: unknown
    setStatus(status);
    const prod = (await service.scorecardOf(entity)).environments[1];
    const info = new Map(service.rules.map(r => [r.id, r.severity]));
    const weight = { critical: 8, high: 4, medium: 2, low: 1 } as const;
    const known = prod.results.filter(
      r => r.outcome === 'pass' || r.outcome === 'fail',
    );
    const total = known.reduce((n, r) => n + weight[info.get(r.ruleId)!], 0);
    expect(prod.score).toBe(Math.round((100 * (total - 12)) / total));
    expect(prod.results.slice(0, 2).map(r => r.ruleId)).toEqual([
      'replicas-spread-zones',
      'hpa-min-replicas',
    ]);
    expect(prod.results[2]).toMatchObject({
      ruleId: 'network-policy',
      outcome: 'unknown',
    });
    expect(prod.counts.fail).toBe(2);
  });

  it('reuses the scorecard while the status is the same object, and recomputes when it changes', async () => {
    const { service, setStatus } = setup();
    const first = await service.scorecardOf(entity);
    expect(await service.scorecardOf(entity)).toBe(first);
    const changed = compliantStatus();
    changed.sources.kubernetes.data!.clusters[0].pdbs = [];
    setStatus(withEmptyStage(changed));
    const second = await service.scorecardOf(entity);
    expect(second).not.toBe(first);
    expect(second.environments[1].counts.fail).toBe(1);
  });

  it('applies config overrides: a disabled rule, a changed severity, a narrowed applicability', async () => {
    const { service } = setup({
      rules: {
        'template-current': { enabled: false },
        'network-policy': { severity: 'critical' },
        'container-probes': { appliesTo: { lifecycles: ['experimental'] } },
      },
    });
    expect(service.rules.map(r => r.id)).not.toContain('template-current');
    expect(service.rules.find(r => r.id === 'network-policy')!.severity).toBe(
      'critical',
    );
    const prod = (await service.scorecardOf(entity)).environments[1];
    expect(prod.results.map(r => r.ruleId)).not.toContain('template-current');
    expect(
      prod.results.find(r => r.ruleId === 'container-probes')!.outcome,
    ).toBe('not-applicable');
  });

  it('reports a rule that throws as unknown with its error, never as a pass', async () => {
    const config = readScorecardConfig(new ConfigReader({}));
    const service = new ScorecardService({
      status: { statusOf: async () => compliantStatus() },
      rules: configureRules(
        [
          {
            id: 'broken-rule',
            title: 'Broken',
            why: 'x',
            fix: 'y',
            severity: 'high',
            appliesTo: {},
            evaluate: () => {
              throw new Error('facts.missing is undefined');
            },
          },
        ],
        config.rules,
      ),
      environments: ENVIRONMENTS,
      thresholds: config.thresholds,
      now: () => NOW,
    });
    const prod = (await service.scorecardOf(entity)).environments[1];
    expect(prod.results).toEqual([
      {
        ruleId: 'broken-rule',
        outcome: 'unknown',
        reasons: ['the rule failed: facts.missing is undefined'],
      },
    ]);
    expect(prod.score).toBeUndefined();
  });
});

describe('configureRules and readScorecardConfig', () => {
  it('refuses settings for a rule that does not exist, naming the known ones', () => {
    const config = readScorecardConfig(
      new ConfigReader({
        eksPlatform: { scorecard: { rules: { 'network-polcy': {} } } },
      }),
    );
    expect(() => configureRules(BUILT_IN_RULES, config.rules)).toThrow(
      /eksPlatform.scorecard.rules has settings for unknown rules: network-polcy; known rules are replicas-spread-zones/,
    );
  });

  it('refuses a rule id added twice', () => {
    expect(() =>
      configureRules(
        [...BUILT_IN_RULES, { ...BUILT_IN_RULES[0], source: 'my-module' }],
        {},
      ),
    ).toThrow(
      'Scorecard rule "replicas-spread-zones" is added twice (the second from my-module); rule ids must be unique',
    );
  });

  it.each([
    [
      { severity: 'urgent' },
      /rules.network-policy.severity must be one of critical, high, medium, low, got "urgent"/,
    ],
  ])('refuses a bad rule override %j', (override, message) => {
    expect(() =>
      readScorecardConfig(
        new ConfigReader({
          eksPlatform: { scorecard: { rules: { 'network-policy': override } } },
        }),
      ),
    ).toThrow(message);
  });

  it.each([
    [
      { traceErrorObjective: 5 },
      /traceErrorObjective is a ratio between 0 and 1/,
    ],
    [
      { imageSeverityThreshold: 'medium' },
      /imageSeverityThreshold must be "critical" or "high", got "medium"/,
    ],
    [
      { hpaPinnedMaxMinutes: -1 },
      /hpaPinnedMaxMinutes must be a positive number/,
    ],
    [{ minReplicas: 2.5 }, /minReplicas must be a whole number/],
  ])('refuses bad thresholds %j', (scorecard, message) => {
    expect(() =>
      readScorecardConfig(new ConfigReader({ eksPlatform: { scorecard } })),
    ).toThrow(message);
  });

  it('reads the thresholds with their defaults', () => {
    expect(
      readScorecardConfig(
        new ConfigReader({
          eksPlatform: { scorecard: { imageSeverityThreshold: 'high' } },
        }),
      ).thresholds,
    ).toEqual({
      minReplicas: 3,
      hpaPinnedMaxMinutes: 30,
      traceErrorObjective: 0.01,
      imageSeverityThreshold: 'HIGH',
    });
  });
});
