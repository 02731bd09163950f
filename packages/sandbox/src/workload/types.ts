import { FleetService } from '../fleet';

import type { KubeObject } from '../kubernetes/kubeClient';

export type { KubeObject };

/**
 * How the simulator writes an object:
 * - `object`: the whole object, spec through the resource and status
 *   through `/status` (objects the simulator owns: the fleet's, and the
 *   ReplicaSets and Pods it creates for anyone's Deployments);
 * - `status`: only the status subresource, as a controller or kubelet
 *   reports on an object someone else applied (e.g. Argo CD);
 * - `controller`: the few spec and metadata fields controllers own on
 *   someone else's object: `spec.replicas` set by the HPA, the
 *   Deployment controller's revision annotation.
 * Only `object` writes are ever removed.
 */
export type WriteMode = 'object' | 'status' | 'controller';

/**
 * Where the simulator writes its objects: a real API server
 * (ApiServerSink), or an in-memory map in the simulator's own tests.
 * `apply` and `remove` queue; `flush` performs what was queued.
 */
export interface ObjectSink {
  apply(object: KubeObject, mode?: WriteMode): void;
  remove(object: KubeObject): void;
  flush(): Promise<unknown>;
}

/** The objects of the platform's workloads someone else applied to a cluster (e.g. Argo CD). */
export interface LiveWorkloads {
  deployments: KubeObject[];
  hpas: KubeObject[];
  pdbs: KubeObject[];
  ingresses: KubeObject[];
}

/** Where the simulator learns about them: the cluster's informers, or a test's objects. */
export interface LiveWorkloadSource {
  snapshot(): LiveWorkloads;
}

export interface SimNode {
  name: string;
  zone: string;
  /** Index of the node within its zone. */
  index: number;
  internalIp: string;
  instanceId: string;
  createdAt: number;
}

export interface SimPod {
  name: string;
  revision: number;
  templateHash: string;
  nodeName: string;
  ip: string;
  createdAt: number;
  /** The readiness probe passes from this time on (unless crash-looping). */
  readyAt: number;
  restartCount: number;
  /** Set while the container crash-loops. */
  crashLoop?: { since: number; until: number; lastRestartAt: number };
  /** Time of the last container termination, shown as lastState. */
  lastTerminatedAt?: number;
}

export interface HpaCondition {
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime: number;
}

/** A pod template of one revision and its `pod-template-hash`. */
export interface RevisionTemplate {
  hash: string;
  template: {
    metadata?: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    spec: any;
  };
}

/** What the simulator knows of a Deployment someone else applied. */
export interface LiveDeployment {
  name: string;
  uid: string;
  generation: number;
  /** `spec.replicas` as last read (undefined: the chart leaves it to the HPA). */
  specReplicas?: number;
  /** What the simulator last wrote as `spec.replicas` (the HPA's decision). */
  writtenReplicas?: number;
  selector: Record<string, string>;
  strategy: { maxSurge: number | string; maxUnavailable: number | string };
  /** The HPA targeting it, if any. */
  hpa?: {
    name: string;
    /** The Resource metrics it targets (`cpu`, `memory`): what its status reports. */
    metrics: string[];
  };
  /** The PDB selecting its pods, if any. */
  pdb?: {
    name: string;
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    generation: number;
  };
  /** ALB Ingresses of the service (status written as the load balancer controller would). */
  ingresses: Array<{ name: string; internal: boolean; hosts: string[] }>;
}

export interface SimDeployment {
  service: FleetService;
  /**
   * `fleet`: the simulator writes every object of the service;
   * `cluster`: someone else applied the Deployment (Argo CD), the
   * simulator plays its controllers and writes ReplicaSets, Pods and the
   * status of the Deployment, its HPA, PDB and Ingresses.
   */
  origin: 'fleet' | 'cluster';
  /** Set for `cluster` deployments. */
  live?: LiveDeployment;
  /** Pod templates of the live revisions (`cluster` deployments; the fleet's are computed). */
  templates?: Map<number, RevisionTemplate>;
  createdAt: number;
  /** spec.replicas, set by the HPA. */
  replicas: number;
  /** The Deployment's current template revision; a rollout bumps it. */
  revision: number;
  generation: number;
  pods: SimPod[];
  /** Revisions that still own a (possibly empty) ReplicaSet. */
  revisions: number[];
  hpa: {
    cpuUtilization: number;
    memoryUtilization: number;
    lastScaleTime?: number;
    lastSyncAt: number;
    conditions: HpaCondition[];
  };
  rollout?: { startedAt: number; fromRevision: number };
  /** Objects of this deployment must be rewritten on the next sync. */
  dirty: boolean;
}
