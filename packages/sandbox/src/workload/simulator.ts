import { Fleet } from '../fleet';
import { ClusterSimulation } from './cluster-sim';
import { adoptedWrites, Write } from './objects/adopted';
import {
  deploymentObject,
  hpaObject,
  namespaceObject,
  networkPolicyObject,
  nodeObject,
  pdbObject,
  podObject,
  prometheusRuleObject,
  replicaSetObjects,
  serviceAccountObject,
  serviceMonitorObject,
  serviceObject,
} from './objects';
import { DEFAULT_CLUSTER_TRAFFIC_SCALE, TrafficModel } from './traffic';
import { KubeObject, LiveWorkloadSource, ObjectSink, WriteMode } from './types';

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
  /**
   * Whether the clusters serve monitoring.coreos.com (ServiceMonitor,
   * PrometheusRule); default true.
   */
  monitoringCrds?: boolean;
  /**
   * Cluster name → the Deployments (and their HPAs, PDBs, Ingresses) that
   * someone else applied there, e.g. Argo CD: the simulator runs them too
   * (see liveDeployments.ts). Default: none.
   */
  liveWorkloads?: Record<string, LiveWorkloadSource>;
  /** Where failed ticks are reported (default: silent). */
  log?: (message: string) => void;
}

/** Cost of one tick: simulation plus the writes of every cluster. */
export interface TickStats {
  at: number;
  ms: number;
  /** Objects written (created, replaced, status-updated or deleted). */
  writes: number;
  requests: number;
  errors: number;
}

function objectKey(object: KubeObject, mode: WriteMode): string {
  return `${mode}:${object.apiVersion}/${object.kind}/${
    object.metadata.namespace ?? ''
  }/${object.metadata.name}`;
}

/**
 * Writes only objects whose content changed, and removes the ones that
 * disappeared (only whole objects the simulator owns; a status it wrote
 * on someone else's object is never deleted).
 */
class SinkWriter {
  private readonly written = new Map<string, string>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly objects = new Map<string, Write>();

  constructor(readonly sink: ObjectSink) {}

  /** Replaces the objects of one group (a deployment, the nodes, the namespaces). */
  writeGroup(group: string, writes: Array<KubeObject | Write>): void {
    const keys = new Set<string>();
    for (const item of writes) {
      const write: Write =
        'mode' in item && 'object' in item
          ? (item as Write)
          : { object: item as KubeObject, mode: 'object' };
      const key = objectKey(write.object, write.mode);
      keys.add(key);
      const json = JSON.stringify(write.object);
      if (this.written.get(key) !== json) {
        this.sink.apply(write.object, write.mode);
        this.written.set(key, json);
        this.objects.set(key, write);
      }
    }
    for (const key of this.groups.get(group) ?? []) {
      if (!keys.has(key)) {
        const gone = this.objects.get(key)!;
        if (gone.mode === 'object') this.sink.remove(gone.object);
        this.written.delete(key);
        this.objects.delete(key);
      }
    }
    if (keys.size > 0) this.groups.set(group, keys);
    else this.groups.delete(group);
  }

  /** Forgets what was written, so the next sync rewrites everything. */
  reset(): void {
    this.written.clear();
  }

  flush(): Promise<unknown> {
    return this.sink.flush();
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
  private readonly monitoringCrds: boolean;
  private readonly liveWorkloads: Record<string, LiveWorkloadSource>;
  private readonly log: (message: string) => void;
  private timer?: NodeJS.Timeout;
  private running = false;
  private inFlight?: Promise<void>;
  private ticks = 0;
  private initialWrite: Promise<void>;
  /** What the first write of every object cost. */
  firstWrite?: TickStats;
  /** The last ticks' costs (newest last, up to 100; the first write excluded). */
  readonly tickHistory: TickStats[] = [];

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
    this.monitoringCrds = options.monitoringCrds ?? true;
    this.liveWorkloads = options.liveWorkloads ?? {};
    this.log = options.log ?? (() => {});
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
    const writeStarted = Date.now();
    this.initialWrite = this.flushAll().then(stats => {
      this.firstWrite = {
        at: writeStarted,
        ms: Date.now() - writeStarted,
        ...stats,
      };
      if (stats.errors > 0) {
        throw new Error(
          `Workload simulator: ${stats.errors} of the first writes failed (see the log)`,
        );
      }
    });
    this.initialWrite.catch(() => {});
  }

  /** Resolves once every object of the start is written (rejects with why not). */
  ready(): Promise<void> {
    return this.initialWrite;
  }

  /**
   * Runs `tick()` every `tickMs` until `stop()`. A tick that takes longer
   * than `tickMs` delays the next one instead of overlapping it.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      this.timer = setTimeout(async () => {
        if (!this.running) return;
        this.inFlight = this.tick().catch(error =>
          this.log(`workload: tick failed: ${(error as Error).message}`),
        );
        await this.inFlight;
        this.inFlight = undefined;
        if (this.running) loop();
      }, this.tickMs);
      this.timer.unref();
    };
    this.ready().then(loop, loop);
  }

  /** Stops ticking; resolves once a tick in flight has written its changes. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  get tickCount(): number {
    return this.ticks;
  }

  /** Advances every cluster to the clock's current time and writes the changes. */
  async tick(): Promise<void> {
    const started = Date.now();
    const now = this.clock();
    this.ticks += 1;
    for (const [name, cluster] of this.clusters) {
      const live = this.liveWorkloads[name];
      if (live) {
        // Deployments gone from the cluster take their ReplicaSets and pods.
        for (const key of cluster.syncLive(live.snapshot(), now))
          this.writers.get(name)!.writeGroup(`deployment/${key}`, []);
      }
      cluster.tick(now);
    }
    this.syncAll(now, false);
    this.record(started, await this.flushAll());
  }

  /** Rewrites every object of a cluster (e.g. after its API server state was reset). */
  async resync(clusterName: string): Promise<void> {
    const writer = this.writers.get(clusterName);
    const cluster = this.clusters.get(clusterName);
    if (!writer || !cluster)
      throw new Error(`Workload simulator: unknown cluster '${clusterName}'`);
    writer.reset();
    this.sync(cluster, writer, this.clock(), true);
    await writer.flush();
  }

  /** Writes what the last sync queued, all clusters in parallel. */
  private async flushAll(): Promise<Omit<TickStats, 'at' | 'ms'>> {
    const results = await Promise.all(
      [...this.writers.values()].map(w => w.flush()),
    );
    const total = { writes: 0, requests: 0, errors: 0 };
    for (const r of results as Array<Partial<typeof total> | undefined>) {
      total.writes += r?.writes ?? 0;
      total.requests += r?.requests ?? 0;
      total.errors += r?.errors ?? 0;
    }
    return total;
  }

  private record(started: number, stats: Omit<TickStats, 'at' | 'ms'>) {
    this.tickHistory.push({
      at: started,
      ms: Date.now() - started,
      ...stats,
    });
    if (this.tickHistory.length > 100) this.tickHistory.shift();
  }

  cluster(name: string): ClusterSimulation {
    const cluster = this.clusters.get(name);
    if (!cluster)
      throw new Error(`Workload simulator: unknown cluster '${name}'`);
    return cluster;
  }

  /**
   * Ready replicas, HPA replicas and crash-looping pods of a service per
   * cluster (feeds the kube-state-metrics gauges the chart's alerts read).
   */
  readyReplicas(now = this.clock()): Array<{
    cluster: string;
    service: string;
    namespace: string;
    ready: number;
    desired: number;
    hpa: { currentReplicas: number; maxReplicas: number };
    crashLoopingPods: string[];
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
          // As the HorizontalPodAutoscaler object's status and spec show them.
          hpa: {
            currentReplicas: d.pods.length,
            maxReplicas: d.service.params.hpaMaxReplicas,
          },
          crashLoopingPods: d.pods.filter(p => p.crashLoop).map(p => p.name),
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
      writer.writeGroup('namespaces', [
        ...namespaces.map(ns => namespaceObject(name, ns, oldest - 86_400_000)),
        // The service account controller's job: every namespace has one.
        ...namespaces.map(ns => serviceAccountObject(ns, 'default')),
      ]);
    }
    // Cheap to diff, and the scheduler may have provisioned nodes during the tick.
    writer.writeGroup(
      'nodes',
      cluster.scheduler.nodes.map(n => nodeObject(name, n)),
    );
    const fleetNamespaces = new Set(this.fleet.services.map(s => s.namespace));
    const adoptedNamespaces = new Set<string>();
    for (const d of cluster.deployments.values()) {
      if (d.origin === 'cluster' && !fleetNamespaces.has(d.service.namespace))
        adoptedNamespaces.add(d.service.namespace);
      if (!full && !d.dirty) continue;
      d.dirty = false;
      const group = `deployment/${d.service.namespace}/${
        d.live?.name ?? d.service.name
      }`;
      if (d.origin === 'cluster') {
        writer.writeGroup(group, adoptedWrites(name, cluster, d, now));
        continue;
      }
      writer.writeGroup(group, [
        deploymentObject(name, cluster, d, now),
        ...replicaSetObjects(name, cluster, d, now),
        serviceAccountObject(d.service.namespace, d.service.name, d.service),
        ...d.pods.map(pod => podObject(name, cluster, d, pod, now)),
        serviceObject(name, d),
        hpaObject(name, d),
        pdbObject(name, cluster, d, now),
        ...(d.service.breaks.includes('noNetworkPolicy')
          ? []
          : [networkPolicyObject(name, d)]),
        ...(this.monitoringCrds
          ? [serviceMonitorObject(name, d), prometheusRuleObject(name, d)]
          : []),
      ]);
    }
    // The service account controller's part in namespaces Argo CD created.
    writer.writeGroup(
      'adopted-namespaces',
      [...adoptedNamespaces]
        .sort()
        .map(ns => serviceAccountObject(ns, 'default')),
    );
  }
}
