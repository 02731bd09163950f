import { Fleet, hashString, nameSuffix, createRandom } from '../fleet';
import { Scheduler, ZONES, createNode } from './scheduler';
import { TrafficModel } from './traffic';
import {
  ableToScale,
  initialConditions,
  scalingLimited,
  setCondition,
} from './hpa-conditions';
import { deploymentName } from './deploymentName';
import { podTemplate } from './objects/pods';
import { placementOf, probeDelayMs, resolveStrategy } from './placement';
import { syncLiveDeployments } from './liveDeployments';
import {
  LiveWorkloads,
  RevisionTemplate,
  SimDeployment,
  SimPod,
} from './types';

export interface ClusterSimulationOptions {
  name: string;
  fleet: Fleet;
  traffic: TrafficModel;
  /** Share of the fleet's traffic this cluster serves (prod 1). */
  trafficScale: number;
  seed: number;
  /** Simulation start time (ms). */
  startAt: number;
  /**
   * Time from pod creation to its containers running (image pulled,
   * process started); the probes' delays come on top (placement.ts).
   */
  podStartupMs: number;
  /** How often the HPA controller re-evaluates (real default 15 s). */
  hpaSyncMs: number;
  /** Chance per deployment and tick that a rollout starts. */
  rolloutChance: number;
  /** Chance per tick that one random pod starts crash-looping. */
  crashChance: number;
  /** How long a transient crash loop lasts. */
  crashDurationMs: number;
  /** Whether services with the `lowAvailability` fault are degraded in this cluster. */
  degraded: boolean;
}

const CRASH_BACKOFF_MS = 10_000;
const CRASH_BACKOFF_MAX_MS = 300_000;
/** Scale-down waits this many HPA syncs after the last scale (real: 5 min stabilisation). */
const SCALE_DOWN_STABILISATION_SYNCS = 3;
const REVISION_HISTORY = 3;

/**
 * One simulated cluster's workloads: nodes, deployments and their pods,
 * advanced by `tick(now)`. Pure state; the WorkloadSimulator turns it into
 * Kubernetes objects. The fleet's deployments and the Deployments someone
 * else applied (`syncLive`) go through the same scheduler, rollout, HPA
 * and readiness code; only the demo's injected faults (random rollouts,
 * crash loops, the lowAvailability service) are the fleet's alone.
 */
export class ClusterSimulation {
  readonly name: string;
  readonly options: ClusterSimulationOptions;
  readonly scheduler: Scheduler;
  /** The fleet's by service name; adopted ones by `namespace/name`. */
  readonly deployments = new Map<string, SimDeployment>();
  private readonly random: () => number;

  constructor(options: ClusterSimulationOptions) {
    this.name = options.name;
    this.options = options;
    this.random = createRandom(options.seed ^ hashString(options.name));
    this.lastTickAt = options.startAt;
    const { fleet, startAt } = options;
    const maxHpa = Math.max(
      3,
      ...fleet.services.map(s => s.params.hpaMaxReplicas),
    );
    const totalPods = fleet.services.reduce((n, s) => n + s.params.replicas, 0);
    const perZone = Math.max(
      3,
      Math.ceil(maxHpa / 3) + 1,
      Math.ceil(totalPods / 3 / 40),
    );
    const nodes = [];
    for (let zone = 0; zone < ZONES.length; zone++) {
      for (let i = 0; i < perZone; i++) {
        nodes.push(createNode(options.name, zone, i, startAt - 7 * 86_400_000));
      }
    }
    this.scheduler = new Scheduler(options.name, nodes);

    for (const service of fleet.services) {
      const createdAt =
        startAt - (1 + (hashString(service.name) % 30)) * 86_400_000;
      const deployment: SimDeployment = {
        service,
        origin: 'fleet',
        createdAt,
        replicas: service.params.replicas,
        revision: 1 + (hashString(`${service.name}/rev`) % 9),
        generation: 1,
        pods: [],
        revisions: [],
        hpa: {
          cpuUtilization: service.params.cpuTargetUtilization,
          memoryUtilization: 50,
          // Spread HPA evaluations over the sync period, as the controller's
          // work queue does, instead of re-evaluating every HPA in one tick.
          lastSyncAt:
            startAt - (hashString(`${service.name}/hpa`) % options.hpaSyncMs),
          conditions: initialConditions(createdAt),
        },
        dirty: true,
      };
      deployment.revisions = [deployment.revision];
      for (let i = 0; i < deployment.replicas; i++) {
        this.addPod(deployment, startAt - 3_600_000 - i * 1000, true);
      }
      if (this.isDegraded(deployment)) {
        deployment.pods
          .slice(1)
          .forEach(pod => this.startCrashLoop(pod, startAt, Infinity));
      }
      this.deployments.set(service.name, deployment);
    }
  }

  /** The pod template (and its hash) of a deployment's revision. */
  template(deployment: SimDeployment, revision: number): RevisionTemplate {
    const adopted = deployment.templates?.get(revision);
    if (adopted) return adopted;
    const hash = podTemplateHash(deployment.service.name, revision);
    return { hash, template: podTemplate(deployment.service, revision, hash) };
  }

  /** `maxSurge` / `maxUnavailable`: the fleet's chart rolls one pod at a time. */
  strategy(deployment: SimDeployment) {
    return resolveStrategy(
      deployment.live?.strategy ?? { maxSurge: 0, maxUnavailable: 1 },
      deployment.replicas,
    );
  }

  isDegraded(deployment: SimDeployment): boolean {
    return (
      deployment.origin === 'fleet' &&
      this.options.degraded &&
      deployment.service.faults.lowAvailability
    );
  }

  isReady(pod: SimPod, now: number): boolean {
    return !pod.crashLoop && now >= pod.readyAt;
  }

  readyCount(deployment: SimDeployment, now: number): number {
    return deployment.pods.filter(p => this.isReady(p, now)).length;
  }

  /**
   * Takes in the Deployments someone else applied (and their HPAs, PDBs
   * and Ingresses): new ones are adopted, changed templates roll out,
   * deleted ones go with their pods. Returns the keys of the deployments
   * that went away, whose objects the caller removes.
   */
  syncLive(live: LiveWorkloads, now: number): string[] {
    return syncLiveDeployments(this, live, now);
  }

  /** Removes a deployment and frees its pods' nodes (the garbage collector's part). */
  forget(key: string): void {
    const deployment = this.deployments.get(key);
    if (!deployment) return;
    for (const pod of deployment.pods) this.scheduler.release(pod.nodeName);
    this.deployments.delete(key);
  }

  /** Advances every deployment to `now`. */
  tick(now: number): void {
    for (const deployment of this.deployments.values()) {
      this.progressCrashLoops(deployment, now);
      const autoscaled = deployment.origin === 'fleet' || deployment.live?.hpa;
      if (
        autoscaled &&
        now - deployment.hpa.lastSyncAt >= this.options.hpaSyncMs
      ) {
        this.syncHpa(deployment, now);
      }
      this.maybeStartRollout(deployment, now);
      this.reconcilePods(deployment, now);
      // Readiness flips with time alone; a pod turning ready changes statuses.
      const previous = this.lastTickAt;
      if (deployment.pods.some(p => p.readyAt > previous && p.readyAt <= now)) {
        deployment.dirty = true;
      }
    }
    this.maybeStartRandomCrashLoop(now);
    this.lastTickAt = now;
  }

  private lastTickAt: number;

  private addPod(
    deployment: SimDeployment,
    now: number,
    alreadyReady = false,
  ): SimPod {
    const { hash, template } = this.template(deployment, deployment.revision);
    const node = this.scheduler.place(
      deployment,
      now,
      placementOf(template.spec, template.metadata?.labels ?? {}),
      deployment.revision,
    );
    const seed = `${this.name}/${deployment.service.name}/${
      deployment.revision
    }/${now}/${deployment.pods.length}/${this.random()}`;
    const pod: SimPod = {
      name: `${deploymentName(deployment)}-${hash}-${nameSuffix(seed, 5)}`,
      revision: deployment.revision,
      templateHash: hash,
      nodeName: node.name,
      ip: node.internalIp.replace(
        /\.\d+$/,
        `.${10 + (hashString(seed) % 240)}`,
      ),
      createdAt: now,
      readyAt: alreadyReady
        ? now
        : now + this.options.podStartupMs + probeDelayMs(template.spec),
      restartCount: 0,
    };
    deployment.pods.push(pod);
    deployment.dirty = true;
    return pod;
  }

  /** A replacement or additional pod; the lowAvailability service's crash-loop too. */
  private scaleUp(deployment: SimDeployment, now: number): void {
    const pod = this.addPod(deployment, now);
    if (this.isDegraded(deployment)) this.startCrashLoop(pod, now, Infinity);
  }

  private deletePod(deployment: SimDeployment, pod: SimPod): void {
    deployment.pods = deployment.pods.filter(p => p !== pod);
    this.scheduler.release(pod.nodeName);
    deployment.dirty = true;
  }

  private startCrashLoop(pod: SimPod, now: number, until: number): void {
    pod.restartCount += 1;
    pod.lastTerminatedAt = now;
    pod.crashLoop = { since: now, until, lastRestartAt: now };
  }

  private progressCrashLoops(deployment: SimDeployment, now: number): void {
    for (const pod of deployment.pods) {
      const loop = pod.crashLoop;
      if (!loop) continue;
      if (now >= loop.until) {
        // The container starts and stays up: ready after its probe passes.
        pod.crashLoop = undefined;
        pod.readyAt = now + this.options.podStartupMs;
        deployment.dirty = true;
        continue;
      }
      const restartsInLoop = Math.max(1, pod.restartCount);
      const backoff = Math.min(
        CRASH_BACKOFF_MS * 2 ** Math.min(10, restartsInLoop - 1),
        CRASH_BACKOFF_MAX_MS,
      );
      if (now - loop.lastRestartAt >= backoff) {
        pod.restartCount += 1;
        pod.lastTerminatedAt = now;
        loop.lastRestartAt = now;
        deployment.dirty = true;
      }
    }
  }

  private maybeStartRandomCrashLoop(now: number): void {
    if (this.random() >= this.options.crashChance) return;
    const candidates = [...this.deployments.values()].filter(
      d => d.origin === 'fleet' && !this.isDegraded(d),
    );
    if (candidates.length === 0) return;
    const deployment =
      candidates[Math.floor(this.random() * candidates.length)];
    const pods = deployment.pods.filter(p => !p.crashLoop);
    if (pods.length === 0) return;
    const pod = pods[Math.floor(this.random() * pods.length)];
    this.startCrashLoop(pod, now, now + this.options.crashDurationMs);
    deployment.dirty = true;
  }

  /** The HPA controller's algorithm: desired = ceil(current × utilisation / target). */
  syncHpa(deployment: SimDeployment, now: number): void {
    const { service, hpa } = deployment;
    const { params } = service;
    const ready = Math.max(1, this.readyCount(deployment, now));
    const demand = this.options.traffic.requestRate(
      service,
      now,
      this.options.trafficScale,
    );
    const cpu = Math.round(
      (demand / (ready * params.rpsPerReplicaAtFullCpu)) * 100,
    );
    const memory = Math.round(40 + 30 * Math.min(1, cpu / 100));
    const ratio = cpu / params.cpuTargetUtilization;
    const current = deployment.replicas;
    // The controller ignores changes within its 10 % tolerance.
    const raw = Math.abs(ratio - 1) <= 0.1 ? current : Math.ceil(ready * ratio);
    let desired = Math.min(
      params.hpaMaxReplicas,
      Math.max(params.hpaMinReplicas, raw),
    );
    const stabilising =
      desired < current &&
      hpa.lastScaleTime !== undefined &&
      now - hpa.lastScaleTime <
        SCALE_DOWN_STABILISATION_SYNCS * this.options.hpaSyncMs;
    if (stabilising) desired = current;

    hpa.cpuUtilization = cpu;
    hpa.memoryUtilization = memory;
    hpa.lastSyncAt = now;
    const rescaled = desired !== current;
    if (rescaled) {
      deployment.replicas = desired;
      hpa.lastScaleTime = now;
    }
    setCondition(
      hpa.conditions,
      now,
      ableToScale(desired, rescaled, stabilising),
    );
    setCondition(hpa.conditions, now, {
      type: 'ScalingActive',
      status: 'True',
      reason: 'ValidMetricFound',
      message:
        'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
    });
    setCondition(
      hpa.conditions,
      now,
      scalingLimited(raw, params.hpaMinReplicas, params.hpaMaxReplicas),
    );
    deployment.dirty = true;
  }

  private maybeStartRollout(deployment: SimDeployment, now: number): void {
    if (deployment.origin !== 'fleet') return;
    if (deployment.rollout || this.isDegraded(deployment)) return;
    if (this.random() >= this.options.rolloutChance) return;
    this.startRollout(deployment, now);
  }

  /**
   * Starts a rolling update to a new template revision (also used by
   * tests); an adopted deployment passes the template it now has.
   */
  startRollout(
    deployment: SimDeployment,
    now: number,
    template?: RevisionTemplate,
  ): void {
    deployment.rollout = { startedAt: now, fromRevision: deployment.revision };
    deployment.revision += 1;
    deployment.generation += 1;
    if (template) deployment.templates?.set(deployment.revision, template);
    deployment.revisions = [...deployment.revisions, deployment.revision].slice(
      -REVISION_HISTORY,
    );
    for (const revision of deployment.templates?.keys() ?? []) {
      if (!deployment.revisions.includes(revision))
        deployment.templates!.delete(revision);
    }
    deployment.dirty = true;
  }

  /**
   * The ReplicaSet controller and the Deployment controller's rolling
   * update: old pods go while at least `replicas − maxUnavailable` stay
   * ready (unready ones first), new pods come while the total stays
   * within `replicas + maxSurge`; without an update in flight the pod
   * count follows `replicas` (unready and newest pods go first).
   */
  private reconcilePods(deployment: SimDeployment, now: number): void {
    const current = deployment.revision;
    const old = deployment.pods.filter(p => p.revision !== current);
    if (old.length > 0) {
      const { surge, unavailable } = this.strategy(deployment);
      const minAvailable = deployment.replicas - unavailable;
      const newUnavailable = deployment.pods.filter(
        p => p.revision === current && !this.isReady(p, now),
      ).length;
      let scaleDown = deployment.pods.length - minAvailable - newUnavailable;
      const victims = [...old].sort(
        (a, b) =>
          Number(this.isReady(a, now)) - Number(this.isReady(b, now)) ||
          a.createdAt - b.createdAt,
      );
      for (const pod of victims) {
        if (scaleDown <= 0) break;
        this.deletePod(deployment, pod);
        scaleDown -= 1;
      }
      const fresh = deployment.pods.filter(p => p.revision === current).length;
      let scaleUp = Math.min(
        deployment.replicas + surge - deployment.pods.length,
        deployment.replicas - fresh,
      );
      while (scaleUp-- > 0) this.scaleUp(deployment, now);
      return;
    }
    while (deployment.pods.length < deployment.replicas) {
      this.scaleUp(deployment, now);
    }
    while (deployment.pods.length > deployment.replicas) {
      const victim = [...deployment.pods].sort(
        (a, b) =>
          Number(this.isReady(a, now)) - Number(this.isReady(b, now)) ||
          b.createdAt - a.createdAt,
      )[0];
      this.deletePod(deployment, victim);
    }
    if (
      deployment.rollout &&
      deployment.pods.every(p => this.isReady(p, now))
    ) {
      deployment.rollout = undefined;
      deployment.dirty = true;
    }
  }
}

export function podTemplateHash(service: string, revision: number): string {
  return nameSuffix(`${service}/template/${revision}`, 10);
}
