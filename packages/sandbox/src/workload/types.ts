import { FleetService } from '../fleet';

import type { KubeObject } from '../kubernetes/kubeClient';

export type { KubeObject };

/**
 * Where the simulator writes its objects: a real API server
 * (ApiServerSink), or an in-memory map in the simulator's own tests.
 * `apply` and `remove` queue; `flush` performs what was queued.
 */
export interface ObjectSink {
  apply(object: KubeObject): void;
  remove(object: KubeObject): void;
  flush(): Promise<unknown>;
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

export interface SimDeployment {
  service: FleetService;
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
