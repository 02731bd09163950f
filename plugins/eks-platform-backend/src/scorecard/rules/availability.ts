import { ScorecardRule } from '@internal/backstage-plugin-eks-platform-node';
import { judgeClusters } from './verdicts';

const PROD = { environments: ['prod'] };

export const replicasSpreadZones: ScorecardRule = {
  id: 'replicas-spread-zones',
  title: 'At least three ready replicas across three zones',
  why: 'A single zone outage or node failure must not take the service down; fewer replicas or zones turn one failure into an outage.',
  fix: 'Set autoscaling.minReplicas (or replicaCount without autoscaling) to 3 or more and keep topologySpread.zone at DoNotSchedule so the scheduler spreads pods over the zones.',
  chartValue: 'autoscaling.minReplicas',
  severity: 'critical',
  appliesTo: PROD,
  evaluate: context =>
    judgeClusters(context, cluster => {
      const min = context.thresholds.minReplicas;
      const problems: string[] = [];
      for (const d of cluster.deployments) {
        if (d.replicas.ready < min)
          problems.push(
            `${d.name} has ${d.replicas.ready} ready replicas, needs ${min}`,
          );
      }
      const ready = cluster.pods.filter(p => p.ready);
      if (ready.some(p => !p.zone))
        return { missing: `the zone of some ready pods is not known` };
      const zones = new Set(ready.map(p => p.zone));
      if (zones.size < min) {
        problems.push(
          `ready pods run in ${zones.size} zone${zones.size === 1 ? '' : 's'}${
            zones.size ? ` (${[...zones].sort().join(', ')})` : ''
          }, needs ${min}`,
        );
      }
      return problems;
    }),
};

export const replicasDistinctNodes: ScorecardRule = {
  id: 'replicas-distinct-nodes',
  title: 'No two replicas on one node',
  why: 'Two replicas on one node go down together when that node is drained or fails.',
  fix: 'Keep topologySpread.host at DoNotSchedule (maxSkew 1 over kubernetes.io/hostname) in the golden-path chart.',
  chartValue: 'topologySpread.host',
  severity: 'high',
  appliesTo: PROD,
  evaluate: context =>
    judgeClusters(context, cluster => {
      const ready = cluster.pods.filter(p => p.ready);
      if (ready.some(p => !p.node))
        return { missing: 'the node of some ready pods is not known' };
      const perNode = new Map<string, number>();
      for (const pod of ready)
        perNode.set(pod.node!, (perNode.get(pod.node!) ?? 0) + 1);
      return [...perNode]
        .filter(([, count]) => count > 1)
        .map(([node, count]) => `${count} ready pods on node ${node}`);
    }),
};

export const pdbAllowsDrain: ScorecardRule = {
  id: 'pdb-allows-drain',
  title: 'A disruption budget that still lets nodes drain',
  why: 'Without a PodDisruptionBudget a node drain may evict every replica at once; a budget that allows no eviction blocks drains and cluster upgrades.',
  fix: 'Keep the chart’s PodDisruptionBudget with podDisruptionBudget.maxUnavailable: 1 and run at least two replicas, so one pod may always be evicted.',
  chartValue: 'podDisruptionBudget.maxUnavailable',
  severity: 'high',
  appliesTo: PROD,
  evaluate: context =>
    judgeClusters(context, cluster => {
      if (cluster.pdbs.length === 0)
        return ['no PodDisruptionBudget covers the pods'];
      return cluster.pdbs.flatMap(pdb =>
        pdb.blocksDrains || pdb.disruptionsAllowed < 1
          ? [
              `PodDisruptionBudget ${pdb.name} allows ${pdb.disruptionsAllowed} evictions (${pdb.currentHealthy} healthy, ${pdb.desiredHealthy} required): node drains hang`,
            ]
          : [],
      );
    }),
};

export const hpaConfigured: ScorecardRule = {
  id: 'hpa-configured',
  title: 'A HorizontalPodAutoscaler scales the service',
  why: 'Without autoscaling a load peak saturates the fixed replicas and the service slows down or fails.',
  fix: 'Set autoscaling.enabled: true (the golden-path default) with a CPU target.',
  chartValue: 'autoscaling.enabled',
  severity: 'medium',
  appliesTo: {},
  evaluate: context =>
    judgeClusters(context, cluster =>
      cluster.hpas.length === 0
        ? ['no HorizontalPodAutoscaler targets the deployment']
        : [],
    ),
};

export const hpaMinReplicas: ScorecardRule = {
  id: 'hpa-min-replicas',
  title: 'The autoscaler keeps at least three replicas',
  why: 'An autoscaler allowed to scale below three replicas undoes the zone spread at night, when traffic is low.',
  fix: 'Set autoscaling.minReplicas to 3 or more in values-prod.yaml.',
  chartValue: 'autoscaling.minReplicas',
  severity: 'high',
  appliesTo: PROD,
  evaluate: context =>
    judgeClusters(context, cluster => {
      const min = context.thresholds.minReplicas;
      if (cluster.hpas.length === 0)
        return ['no HorizontalPodAutoscaler targets the deployment'];
      return cluster.hpas.flatMap(hpa =>
        hpa.minReplicas < min
          ? [`HPA ${hpa.name} has minReplicas ${hpa.minReplicas}, needs ${min}`]
          : [],
      );
    }),
};

export const hpaNotPinnedAtMax: ScorecardRule = {
  id: 'hpa-not-pinned-at-max',
  title: 'The autoscaler has headroom',
  why: 'An autoscaler held at its maximum cannot absorb more load: the next peak degrades the service.',
  fix: 'Raise autoscaling.maxReplicas (or make the service cheaper per request) so the HPA settles below its maximum.',
  chartValue: 'autoscaling.maxReplicas',
  severity: 'medium',
  appliesTo: {},
  evaluate: context => {
    const limitMinutes = context.thresholds.hpaPinnedMaxMinutes;
    return judgeClusters(context, cluster => {
      if (cluster.hpas.length === 0)
        return { missing: 'no HorizontalPodAutoscaler to judge' };
      const problems: string[] = [];
      for (const hpa of cluster.hpas) {
        if (!hpa.pinnedAtMax) continue;
        if (!hpa.pinnedAtMaxSince)
          return {
            missing: `HPA ${hpa.name} is at its maximum since an unknown time`,
          };
        const minutes =
          (context.now.getTime() - Date.parse(hpa.pinnedAtMaxSince)) / 60_000;
        if (minutes > limitMinutes)
          problems.push(
            `HPA ${hpa.name} has been at its maximum of ${
              hpa.maxReplicas
            } replicas for ${Math.floor(
              minutes,
            )} minutes (limit ${limitMinutes})`,
          );
      }
      return problems;
    });
  },
};
