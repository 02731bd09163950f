import path from 'node:path';
import { buildFleet, FleetOptions } from '../fleet';
import { serviceRuleGroups } from '../prometheus/serviceRules';
import { MemorySink } from './__testUtils__/memorySink';
import { WorkloadSimulator } from './simulator';
import { ZONES } from './scheduler';
import { TrafficModel } from './traffic';

const catalogDir = path.join(
  __dirname,
  '..',
  'fleet',
  '__fixtures__',
  'catalog',
);

type Options = Partial<ConstructorParameters<typeof WorkloadSimulator>[0]> & {
  loadPeriodMs?: number;
};

function setup(
  overrides: Options = {},
  clusterNames = ['dev', 'stage', 'prod'],
  faults?: FleetOptions['faults'],
) {
  let now = Date.parse('2026-11-20T10:00:00Z');
  const clock = () => now;
  const states = {
    dev: new MemorySink(),
    stage: new MemorySink(),
    prod: new MemorySink(),
  };
  const fleet = buildFleet({ catalogDir, extraServices: 5, faults });
  const { loadPeriodMs, ...simulatorOptions } = overrides;
  const workload = new WorkloadSimulator({
    fleet,
    clusters: Object.fromEntries(
      clusterNames.map(name => [name, states[name as keyof typeof states]]),
    ),
    clock,
    tickMs: 1000,
    hpaSyncMs: 15_000,
    podStartupMs: 5000,
    crashChance: 0,
    rolloutChance: 0,
    traffic: new TrafficModel(fleet, { loadPeriodMs }),
    ...simulatorOptions,
  });
  const advance = async (ms: number, step = 1000) => {
    for (let t = 0; t < ms; t += step) {
      now += step;
      await workload.tick();
    }
  };
  return { states, fleet, workload, advance, clock };
}

const podsOf = (state: MemorySink, service: string, namespace: string) =>
  state
    .list('v1', 'Pod', namespace)
    .filter(
      p => p.metadata.labels?.['backstage.io/kubernetes-id'] === service,
    ) as any[];

describe('WorkloadSimulator', () => {
  it('writes every kind the product reads, labelled per the contract', async () => {
    const { states, fleet } = setup();
    const prod = states.prod;
    const service = fleet.byName.get('svc-0001')!;
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deployment'],
      ['apps/v1', 'ReplicaSet'],
      ['v1', 'Service'],
      ['autoscaling/v2', 'HorizontalPodAutoscaler'],
      ['policy/v1', 'PodDisruptionBudget'],
      ['networking.k8s.io/v1', 'NetworkPolicy'],
      ['monitoring.coreos.com/v1', 'ServiceMonitor'],
      ['monitoring.coreos.com/v1', 'PrometheusRule'],
    ]) {
      const objects = prod
        .list(apiVersion, kind, service.namespace)
        .filter(
          o => o.metadata.labels?.['app.kubernetes.io/name'] === service.name,
        );
      expect({ kind, count: objects.length }).toEqual({
        kind,
        count: expect.any(Number),
      });
      expect(objects.length).toBeGreaterThan(0);
      expect(objects[0].metadata.labels?.['backstage.io/kubernetes-id']).toBe(
        service.name,
      );
    }
    expect(
      prod.get('v1', 'Namespace', undefined, service.namespace),
    ).toBeDefined();
    expect(prod.get('v1', 'Namespace', undefined, 'shop')).toBeDefined();
    const rule = prod.get(
      'monitoring.coreos.com/v1',
      'PrometheusRule',
      service.namespace,
      service.name,
    ) as any;
    // The golden-path chart's rules at production timing.
    expect(rule.spec.groups).toEqual(serviceRuleGroups(service));
    expect(
      rule.spec.groups.flatMap((g: any) =>
        g.rules.filter((r: any) => r.alert).map((r: any) => r.alert),
      ),
    ).toEqual([
      'ServiceAvailabilityBudgetBurnFast',
      'ServiceAvailabilityBudgetBurnSlow',
      'ServiceLatencyBudgetBurnFast',
      'ServiceLatencyBudgetBurnSlow',
      'ServiceTargetAbsent',
      'ServiceTargetDown',
      'ServiceCrashLooping',
      'ServiceOOMKilled',
      'ServiceHpaAtMaxReplicas',
    ]);
  });

  it('spreads each deployment over three zones with at most one replica per node', async () => {
    const { states, fleet } = setup();
    for (const state of Object.values(states)) {
      const nodes = state.list('v1', 'Node') as any[];
      expect(
        new Set(
          nodes.map(n => n.metadata.labels['topology.kubernetes.io/zone']),
        ),
      ).toEqual(new Set(ZONES));
      expect(nodes[0].metadata.name).toMatch(
        /^ip-10-0-\d+-\d+\.eu-west-1\.compute\.internal$/,
      );
      const zoneOf = new Map(
        nodes.map(n => [
          n.metadata.name,
          n.metadata.labels['topology.kubernetes.io/zone'],
        ]),
      );
      for (const service of fleet.services) {
        const pods = podsOf(state, service.name, service.namespace);
        expect(pods.length).toBeGreaterThanOrEqual(3);
        const nodeNames = pods.map(p => p.spec.nodeName);
        expect(new Set(nodeNames).size).toBe(nodeNames.length); // anti-affinity
        const perZone = ZONES.map(
          z => pods.filter(p => zoneOf.get(p.spec.nodeName) === z).length,
        );
        expect(Math.max(...perZone) - Math.min(...perZone)).toBeLessThanOrEqual(
          1,
        ); // maxSkew 1
      }
    }
  });

  it('scales HPAs with the load curve and reports ScalingLimited at the bounds', async () => {
    const { states, fleet, advance } = setup(
      { hpaSyncMs: 15_000, loadPeriodMs: 5 * 60_000 },
      ['prod'],
    );
    const observed = new Map<string, Set<number>>();
    const limited = new Set<string>();
    for (let i = 0; i < 24; i++) {
      await advance(15_000, 15_000); // 24 HPA syncs: more than one 5-minute load period
      for (const service of fleet.services) {
        const hpa = states.prod.get(
          'autoscaling/v2',
          'HorizontalPodAutoscaler',
          service.namespace,
          service.name,
        ) as any;
        const set = observed.get(service.name) ?? new Set();
        set.add(hpa.status.desiredReplicas);
        observed.set(service.name, set);
        const condition = hpa.status.conditions.find(
          (c: any) => c.type === 'ScalingLimited',
        );
        if (condition.status === 'True') limited.add(`${condition.reason}`);
        expect(hpa.status.desiredReplicas).toBeLessThanOrEqual(
          hpa.spec.maxReplicas,
        );
        expect(hpa.status.desiredReplicas).toBeGreaterThanOrEqual(
          hpa.spec.minReplicas,
        );
        expect(
          hpa.status.currentMetrics.map((m: any) => m.resource.name),
        ).toEqual(['cpu', 'memory']);
      }
    }
    // Every healthy service changed size at least once over a load period.
    const healthy = fleet.services.filter(s => !s.faults.lowAvailability);
    for (const service of healthy) {
      expect(observed.get(service.name)!.size).toBeGreaterThan(1);
    }
    expect(limited.has('TooManyReplicas')).toBe(true);
    const hpa = states.prod.get(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      healthy[0].namespace,
      healthy[0].name,
    ) as any;
    expect(hpa.status.lastScaleTime).toMatch(/^2026-11-20T\d\d:\d\d:\d\dZ$/);
  });

  it('rolls out one pod at a time while the PDB allows zero disruptions', async () => {
    const { states, workload, fleet, advance, clock } = setup();
    const service = fleet.services.find(s => !s.faults.lowAvailability)!;
    const cluster = workload.cluster('stage');
    const deployment = cluster.deployments.get(service.name)!;
    cluster.startRollout(deployment, clock());
    await advance(1000);
    const pdb = () =>
      states.stage.get(
        'policy/v1',
        'PodDisruptionBudget',
        service.namespace,
        service.name,
      ) as any;
    expect(pdb().status).toMatchObject({ disruptionsAllowed: 0 });
    expect(pdb().status.currentHealthy).toBe(pdb().status.expectedPods - 1);
    const rsList = () =>
      states.stage
        .list('apps/v1', 'ReplicaSet', service.namespace)
        .filter(
          r => r.metadata.labels?.['app.kubernetes.io/name'] === service.name,
        ) as any[];
    expect(rsList()).toHaveLength(2);
    await advance(60_000);
    const dep = states.stage.get(
      'apps/v1',
      'Deployment',
      service.namespace,
      service.name,
    ) as any;
    expect(dep.status.updatedReplicas).toBe(dep.spec.replicas);
    expect(dep.status.readyReplicas).toBe(dep.spec.replicas);
    expect(dep.status.observedGeneration).toBe(dep.metadata.generation);
    expect(pdb().status.disruptionsAllowed).toBe(1);
    const pods = podsOf(states.stage, service.name, service.namespace);
    expect(
      new Set(pods.map(p => p.metadata.labels['pod-template-hash'])).size,
    ).toBe(1);
  });

  it('crash-loops pods with growing restarts', async () => {
    const { states, advance } = setup(
      { crashChance: 0.5, crashDurationMs: 600_000 },
      ['prod'],
    );
    await advance(120_000, 4000);
    const crashing = Object.values(states)
      .flatMap(s => s.list('v1', 'Pod') as any[])
      .filter(
        p =>
          p.status.containerStatuses[0].state.waiting?.reason ===
          'CrashLoopBackOff',
      );
    expect(crashing.length).toBeGreaterThan(0);
    expect(
      Math.max(
        ...crashing.map(p => p.status.containerStatuses[0].restartCount),
      ),
    ).toBeGreaterThan(2);
    expect(crashing[0].status.containerStatuses[0].ready).toBe(false);
    expect(
      crashing[0].status.containerStatuses[0].lastState.terminated.reason,
    ).toBe('Error');
  });

  it('keeps services with the lowAvailability fault below two ready replicas in prod only', async () => {
    const { states, fleet, advance } = setup();
    await advance(60_000, 2000);
    const degraded = fleet.services.find(s => s.faults.lowAvailability)!;
    const prodDeployment = states.prod.get(
      'apps/v1',
      'Deployment',
      degraded.namespace,
      degraded.name,
    ) as any;
    expect(prodDeployment.status.readyReplicas).toBeLessThan(2);
    const stageDeployment = states.stage.get(
      'apps/v1',
      'Deployment',
      degraded.namespace,
      degraded.name,
    ) as any;
    expect(stageDeployment.status.readyReplicas).toBeGreaterThanOrEqual(2);
  });

  it('reports the crash-looping pods of the lowAvailability service in prod only', async () => {
    const { fleet, workload, advance } = setup();
    await advance(60_000, 2000);
    const degraded = fleet.services.find(s => s.faults.lowAvailability)!;
    const healthy = fleet.services.find(s => !s.faults.lowAvailability)!;
    const row = (cluster: string, service: string) =>
      workload
        .readyReplicas()
        .find(r => r.cluster === cluster && r.service === service)!;
    const prod = row('prod', degraded.name);
    expect(prod.crashLoopingPods.length).toBeGreaterThan(0);
    expect(prod.crashLoopingPods.length).toBe(prod.hpa.currentReplicas - 1);
    expect(row('stage', degraded.name).crashLoopingPods).toEqual([]);
    expect(row('prod', healthy.name).crashLoopingPods).toEqual([]);
  });

  it('keeps the HPA of the hpaPinned service at its maximum', async () => {
    const { fleet, workload, advance } = setup({}, ['dev', 'stage', 'prod'], {
      hpaPinned: ['svc-0002'],
    });
    await advance(60_000, 2000);
    const pinned = fleet.byName.get('svc-0002')!;
    for (const row of workload
      .readyReplicas()
      .filter(r => r.service === pinned.name)) {
      expect({ cluster: row.cluster, hpa: row.hpa }).toEqual({
        cluster: row.cluster,
        hpa: {
          currentReplicas: pinned.params.hpaMaxReplicas,
          maxReplicas: pinned.params.hpaMaxReplicas,
        },
      });
    }
  });

  it('is deterministic for a seed', async () => {
    const names = async () => {
      const { states, advance } = setup(
        { crashChance: 0.3, rolloutChance: 0.05, seed: 7 },
        ['prod'],
      );
      await advance(60_000, 2000);
      return (states.prod.list('v1', 'Pod') as any[])
        .map(
          p =>
            `${p.metadata.name}@${p.spec.nodeName}#${p.status.containerStatuses[0].restartCount}`,
        )
        .sort();
    };
    expect(await names()).toEqual(await names());
  });

  it('only writes objects that changed', async () => {
    const { states, advance } = setup();
    await advance(1000);
    const before = states.prod.writes;
    await advance(1000); // no HPA sync, no readiness change: nothing to write
    expect(states.prod.writes).toBe(before);
  });
});
