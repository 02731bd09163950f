import { Fleet } from '../fleet';
import { ClusterSimulation, podTemplateHash } from './cluster-sim';
import {
  deploymentObject,
  hpaObject,
  namespaceObject,
  networkPolicyObject,
  nodeMetricsObject,
  nodeObject,
  podMetricsObject,
  podUsage,
  pdbObject,
  podObject,
  prometheusRuleObject,
  replicaSetObjects,
  serviceMonitorObject,
  serviceObject,
} from './objects';
import { DEFAULT_CLUSTER_TRAFFIC_SCALE, TrafficModel } from './traffic';
import { KubeObject, ObjectSink } from './types';

export interface WorkloadSimulatorOptions {
  fleet: Fleet;
  /** Shared with the exporter and the span emitter; created from the fleet when absent. */
  traffic?: TrafficModel;
  /** Cluster name → where its objects go. */
  clusters: Record<string, ObjectSink>;
  /** Seed of the pseudo-random rollouts and crash loops. */
  seed?: number;
  /** Tick interval of the live behaviour (default 2 s). */
  tickMs?: number;
  /** Injectable clock (ms since epoch); tests drive time by hand. */
  clock?: () => number;
  hpaSyncMs?: number;
  podStartupMs?: number;
  rolloutChance?: number;
  crashChance?: number;
  crashDurationMs?: number;
  /** Cluster in which `lowAvailability` services are degraded (default `prod`). */
  degradedCluster?: string;
  /** Cluster name → share of the traffic (default prod 1, stage 0.25, dev 0.1, others 0.5). */
  trafficScale?: Record<string, number>;
}

const NODE_METRICS_WINDOW_MS = 15_000;

function objectKey(object: KubeObject): string {
  return `${object.apiVersion}/${object.kind}/${
    object.metadata.namespace ?? ''
  }/${object.metadata.name}`;
}

/** Writes only objects whose content changed, and removes the ones that disappeared. */
class SinkWriter {
  private readonly written = new Map<string, string>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly objects = new Map<string, KubeObject>();

  constructor(readonly sink: ObjectSink) {}

  /** Replaces the objects of one group (a deployment, the nodes, the namespaces). */
  writeGroup(group: string, objects: KubeObject[]): void {
    const keys = new Set<string>();
    for (const object of objects) {
      const key = objectKey(object);
      keys.add(key);
      const json = JSON.stringify(object);
      if (this.written.get(key) !== json) {
        this.sink.apply(object);
        this.written.set(key, json);
        this.objects.set(key, object);
      }
    }
    for (const key of this.groups.get(group) ?? []) {
      if (!keys.has(key)) {
        this.sink.remove(this.objects.get(key)!);
        this.written.delete(key);
        this.objects.delete(key);
      }
    }
    this.groups.set(group, keys);
  }

  /** Forgets what was written, so the next sync rewrites everything. */
  reset(): void {
    this.written.clear();
  }
}

/**
 * Makes the simulated clusters live: the fleet's services run as
 * Deployments with pods spread over three zones, HPAs follow the synthetic
 * load curve, rollouts and crash loops happen now and then.
 */
export class WorkloadSimulator {
  readonly fleet: Fleet;
  readonly traffic: TrafficModel;
  readonly clusters = new Map<string, ClusterSimulation>();
  readonly tickMs: number;
  private readonly clock: () => number;
  private readonly writers = new Map<string, SinkWriter>();
  private readonly nodeMetricsWindow = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private ticks = 0;

  constructor(options: WorkloadSimulatorOptions) {
    const names = Object.keys(options.clusters);
    if (names.length === 0) {
      throw new Error('Workload simulator: give at least one cluster');
    }
    this.tickMs = options.tickMs ?? 2000;
    if (!(this.tickMs >= 10)) {
      throw new Error(
        `Workload simulator: tickMs must be at least 10, got ${options.tickMs}`,
      );
    }
    this.fleet = options.fleet;
    this.traffic = options.traffic ?? new TrafficModel(options.fleet);
    this.clock = options.clock ?? Date.now;
    const startAt = this.clock();
    const degraded = options.degradedCluster ?? 'prod';
    for (const name of names) {
      this.clusters.set(
        name,
        new ClusterSimulation({
          name,
          fleet: options.fleet,
          traffic: this.traffic,
          trafficScale:
            options.trafficScale?.[name] ??
            DEFAULT_CLUSTER_TRAFFIC_SCALE[name] ??
            0.5,
          seed: options.seed ?? 42,
          startAt,
          podStartupMs: options.podStartupMs ?? Math.max(this.tickMs, 5000),
          hpaSyncMs: options.hpaSyncMs ?? 15_000,
          rolloutChance: options.rolloutChance ?? 0.002,
          crashChance: options.crashChance ?? 0.02,
          crashDurationMs: options.crashDurationMs ?? 180_000,
          degraded: name === degraded,
        }),
      );
      this.writers.set(name, new SinkWriter(options.clusters[name]));
    }
    this.syncAll(startAt, true);
  }

  /** Runs `tick()` every `tickMs` until `stop()`. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get tickCount(): number {
    return this.ticks;
  }

  /** Advances every cluster to the clock's current time and writes the changes. */
  tick(): void {
    const now = this.clock();
    this.ticks += 1;
    for (const cluster of this.clusters.values()) cluster.tick(now);
    this.syncAll(now, false);
  }

  /** Rewrites every object of a cluster (e.g. after its API server state was reset). */
  resync(clusterName: string): void {
    const writer = this.writers.get(clusterName);
    const cluster = this.clusters.get(clusterName);
    if (!writer || !cluster)
      throw new Error(`Workload simulator: unknown cluster '${clusterName}'`);
    writer.reset();
    this.sync(cluster, writer, this.clock(), true);
  }

  cluster(name: string): ClusterSimulation {
    const cluster = this.clusters.get(name);
    if (!cluster)
      throw new Error(`Workload simulator: unknown cluster '${name}'`);
    return cluster;
  }

  /** Ready replicas of a service per cluster (feeds kube-state-metrics style gauges). */
  readyReplicas(now = this.clock()): Array<{
    cluster: string;
    service: string;
    namespace: string;
    ready: number;
    desired: number;
  }> {
    const rows = [];
    for (const [name, cluster] of this.clusters) {
      for (const d of cluster.deployments.values()) {
        rows.push({
          cluster: name,
          service: d.service.name,
          namespace: d.service.namespace,
          ready: cluster.readyCount(d, now),
          desired: d.replicas,
        });
      }
    }
    return rows;
  }

  private syncAll(now: number, full: boolean): void {
    for (const [name, cluster] of this.clusters) {
      this.sync(cluster, this.writers.get(name)!, now, full);
    }
  }

  /** metrics-server scrapes every 15 s: node metrics change once per window. */
  private writeNodeMetrics(
    cluster: ClusterSimulation,
    writer: SinkWriter,
    now: number,
    full: boolean,
  ): void {
    const window =
      Math.floor(now / NODE_METRICS_WINDOW_MS) * NODE_METRICS_WINDOW_MS;
    if (!full && this.nodeMetricsWindow.get(cluster.name) === window) return;
    this.nodeMetricsWindow.set(cluster.name, window);
    const usage = new Map<string, { cpu: number; memory: number }>();
    for (const d of cluster.deployments.values()) {
      for (const pod of d.pods) {
        const { cpuMillis, memoryMi } = podUsage(cluster, d, pod, now);
        const total = usage.get(pod.nodeName) ?? { cpu: 0, memory: 0 };
        total.cpu += cpuMillis;
        total.memory += memoryMi;
        usage.set(pod.nodeName, total);
      }
    }
    writer.writeGroup(
      'node-metrics',
      cluster.scheduler.nodes.map(node => {
        const total = usage.get(node.name) ?? { cpu: 0, memory: 0 };
        return nodeMetricsObject(node, total.cpu, total.memory, window);
      }),
    );
  }

  private sync(
    cluster: ClusterSimulation,
    writer: SinkWriter,
    now: number,
    full: boolean,
  ): void {
    const name = cluster.name;
    if (full) {
      const namespaces = [
        ...new Set(this.fleet.services.map(s => s.namespace)),
      ].sort();
      const oldest = Math.min(
        ...[...cluster.deployments.values()].map(d => d.createdAt),
      );
      writer.writeGroup(
        'namespaces',
        namespaces.map(ns => namespaceObject(name, ns, oldest - 86_400_000)),
      );
    }
    // Cheap to diff, and the scheduler may have provisioned nodes during the tick.
    writer.writeGroup(
      'nodes',
      cluster.scheduler.nodes.map(n => nodeObject(name, n)),
    );
    this.writeNodeMetrics(cluster, writer, now, full);
    for (const d of cluster.deployments.values()) {
      if (!full && !d.dirty) continue;
      d.dirty = false;
      writer.writeGroup(`deployment/${d.service.namespace}/${d.service.name}`, [
        deploymentObject(name, cluster, d, now),
        ...replicaSetObjects(name, cluster, d, now, rev =>
          podTemplateHash(d.service.name, rev),
        ),
        ...d.pods.map(pod => podObject(name, cluster, d, pod, now)),
        ...d.pods.map(pod => podMetricsObject(cluster, d, pod, now)),
        serviceObject(name, d),
        hpaObject(name, d),
        pdbObject(name, cluster, d, now),
        networkPolicyObject(name, d),
        serviceMonitorObject(name, d),
        prometheusRuleObject(name, d),
      ]);
    }
  }
}
