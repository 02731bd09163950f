import type { KubeObject } from '../../kubernetes/kubeClient';
import type { HealthStatusCode } from '../types';

/*
 * Argo CD's built-in health assessments (gitops-engine pkg/health), from
 * the live object alone:
 *
 * - Deployment: Suspended when paused; Progressing until the controller has
 *   observed the latest generation and every replica is updated, old ones
 *   are gone and the updated ones are available; Degraded when the
 *   rollout exceeded its progress deadline.
 * - ReplicaSet, StatefulSet, DaemonSet: the same idea with their counters.
 * - HorizontalPodAutoscaler: Degraded on FailedGetScale / FailedUpdateScale
 *   / FailedGetResourceMetric / InvalidSelector, Healthy on
 *   SucceededRescale or a ScalingLimited condition, otherwise
 *   Progressing ("Waiting to Autoscale").
 * - Service of type LoadBalancer and Ingress: Healthy once the load
 *   balancer reported an address, Progressing before.
 * - PersistentVolumeClaim: Healthy when Bound. Pod: by phase and restarts.
 *   Job: by its conditions.
 *
 * Kinds without an assessment (ConfigMap, PodDisruptionBudget,
 * NetworkPolicy, ServiceAccount, custom resources, …) have no health: they
 * count only when missing.
 */

export interface Health {
  status: HealthStatusCode;
  message?: string;
}

/** Argo CD's order from best to worst; an Application takes its worst resource's. */
export const HEALTH_ORDER: HealthStatusCode[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

export function worst(statuses: HealthStatusCode[]): HealthStatusCode {
  return statuses.reduce<HealthStatusCode>(
    (acc, s) => (HEALTH_ORDER.indexOf(s) > HEALTH_ORDER.indexOf(acc) ? s : acc),
    'Healthy',
  );
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const condition = (o: KubeObject, type: string) =>
  (o.status?.conditions ?? []).find((c: any) => c.type === type);

function deployment(d: KubeObject): Health {
  if (d.spec?.paused)
    return { status: 'Suspended', message: 'Deployment is paused' };
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) > num(s.observedGeneration)) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: observed deployment generation less than desired generation',
    };
  }
  if (condition(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded') {
    return {
      status: 'Degraded',
      message: `Deployment "${d.metadata.name}" exceeded its progress deadline`,
    };
  }
  const replicas = d.spec?.replicas ?? 1;
  if (num(s.updatedReplicas) < replicas) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${num(
        s.updatedReplicas,
      )} out of ${replicas} new replicas have been updated...`,
    };
  }
  if (num(s.replicas) > num(s.updatedReplicas)) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${
        num(s.replicas) - num(s.updatedReplicas)
      } old replicas are pending termination...`,
    };
  }
  if (num(s.availableReplicas) < num(s.updatedReplicas)) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${num(
        s.availableReplicas,
      )} of ${num(s.updatedReplicas)} updated replicas are available...`,
    };
  }
  return { status: 'Healthy' };
}

function replicaSet(rs: KubeObject): Health {
  const s = rs.status ?? {};
  if ((rs.metadata.generation ?? 0) > num(s.observedGeneration)) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: observed replica set generation less than desired generation',
    };
  }
  const failure = condition(rs, 'ReplicaFailure');
  if (failure?.status === 'True')
    return { status: 'Degraded', message: failure.message };
  const replicas = rs.spec?.replicas ?? 1;
  if (num(s.availableReplicas) < replicas) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${num(
        s.availableReplicas,
      )} out of ${replicas} new replicas are available...`,
    };
  }
  return { status: 'Healthy' };
}

function statefulSet(ss: KubeObject): Health {
  const s = ss.status ?? {};
  if ((ss.metadata.generation ?? 0) > num(s.observedGeneration)) {
    return {
      status: 'Progressing',
      message: 'Waiting for statefulset spec update to be observed...',
    };
  }
  const replicas = ss.spec?.replicas ?? 1;
  if (num(s.readyReplicas) < replicas) {
    return {
      status: 'Progressing',
      message: `Waiting for ${
        replicas - num(s.readyReplicas)
      } pods to be ready...`,
    };
  }
  if (s.updateRevision && s.currentRevision !== s.updateRevision) {
    return {
      status: 'Progressing',
      message: `waiting for statefulset rolling update to complete ${num(
        s.updatedReplicas,
      )} pods at revision ${s.updateRevision}...`,
    };
  }
  return { status: 'Healthy' };
}

function daemonSet(ds: KubeObject): Health {
  const s = ds.status ?? {};
  if ((ds.metadata.generation ?? 0) > num(s.observedGeneration)) {
    return {
      status: 'Progressing',
      message:
        'Waiting for rollout to finish: observed daemon set generation less than desired generation',
    };
  }
  if (num(s.updatedNumberScheduled) < num(s.desiredNumberScheduled)) {
    return {
      status: 'Progressing',
      message: `Waiting for daemon set "${
        ds.metadata.name
      }" rollout to finish: ${num(s.updatedNumberScheduled)} out of ${num(
        s.desiredNumberScheduled,
      )} new pods have been updated...`,
    };
  }
  if (num(s.numberAvailable) < num(s.desiredNumberScheduled)) {
    return {
      status: 'Progressing',
      message: `Waiting for daemon set "${
        ds.metadata.name
      }" rollout to finish: ${num(s.numberAvailable)} of ${num(
        s.desiredNumberScheduled,
      )} updated pods are available...`,
    };
  }
  return { status: 'Healthy' };
}

const HPA_DEGRADED = [
  ['AbleToScale', 'FailedGetScale'],
  ['AbleToScale', 'FailedUpdateScale'],
  ['ScalingActive', 'FailedGetResourceMetric'],
  ['ScalingActive', 'InvalidSelector'],
];
const HPA_HEALTHY = [
  ['AbleToScale', 'SucceededRescale'],
  ['ScalingLimited', 'DesiredWithinRange'],
  ['ScalingLimited', 'TooFewReplicas'],
  ['ScalingLimited', 'TooManyReplicas'],
];

function hpa(h: KubeObject): Health {
  for (const c of h.status?.conditions ?? []) {
    const is = (list: string[][]) =>
      list.some(([type, reason]) => c.type === type && c.reason === reason);
    if (is(HPA_DEGRADED)) return { status: 'Degraded', message: c.message };
    if (is(HPA_HEALTHY)) return { status: 'Healthy', message: c.message };
  }
  return { status: 'Progressing', message: 'Waiting to Autoscale' };
}

function loadBalanced(o: KubeObject): Health {
  const ingress = o.status?.loadBalancer?.ingress ?? [];
  return ingress.some((i: any) => i?.hostname || i?.ip)
    ? { status: 'Healthy' }
    : { status: 'Progressing' };
}

function pod(p: KubeObject): Health {
  const phase = p.status?.phase;
  if (phase === 'Succeeded')
    return { status: 'Healthy', message: p.status?.message };
  if (phase === 'Failed')
    return { status: 'Degraded', message: p.status?.message };
  const waiting = (p.status?.containerStatuses ?? [])
    .map((c: any) => c.state?.waiting)
    .find((w: any) => w && /BackOff|Err|Invalid/.test(w.reason ?? ''));
  if (waiting)
    return { status: 'Degraded', message: waiting.message ?? waiting.reason };
  if (phase === 'Running') {
    const ready = condition(p, 'Ready')?.status === 'True';
    return ready ? { status: 'Healthy' } : { status: 'Progressing' };
  }
  return { status: 'Progressing', message: p.status?.message };
}

function job(j: KubeObject): Health {
  if (j.spec?.suspend)
    return { status: 'Suspended', message: 'Job is suspended' };
  const failed = condition(j, 'Failed');
  if (failed?.status === 'True')
    return { status: 'Degraded', message: failed.message };
  const complete = condition(j, 'Complete');
  if (complete?.status === 'True')
    return { status: 'Healthy', message: complete.message };
  return { status: 'Progressing', message: 'Job is running' };
}

/** The live object's health, or undefined for kinds Argo CD does not assess. */
export function healthOf(live: KubeObject): Health | undefined {
  const group = live.apiVersion.includes('/')
    ? live.apiVersion.split('/')[0]
    : '';
  switch (`${group}/${live.kind}`) {
    case 'apps/Deployment':
      return deployment(live);
    case 'apps/ReplicaSet':
      return replicaSet(live);
    case 'apps/StatefulSet':
      return statefulSet(live);
    case 'apps/DaemonSet':
      return daemonSet(live);
    case 'autoscaling/HorizontalPodAutoscaler':
      return hpa(live);
    case '/Service':
      return live.spec?.type === 'LoadBalancer'
        ? loadBalanced(live)
        : { status: 'Healthy' };
    case 'networking.k8s.io/Ingress':
      return loadBalanced(live);
    case '/PersistentVolumeClaim':
      return live.status?.phase === 'Bound'
        ? { status: 'Healthy' }
        : {
            status: 'Progressing',
            message: `PVC is ${live.status?.phase ?? 'Pending'}`,
          };
    case '/Pod':
      return pod(live);
    case 'batch/Job':
      return job(live);
    default:
      return undefined;
  }
}
