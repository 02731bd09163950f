/** Pods and their template. */
import { FleetService, hexId } from '../../fleet';
import type { ClusterSimulation } from '../cluster-sim';
import { deploymentName } from '../deploymentName';
import { KubeObject, SimDeployment, SimPod } from '../types';
import { kubeTime, ownerRef, selectorLabels, serviceLabels, uid } from './meta';

function image(service: FleetService, revision: number): string {
  const [major, minor] = service.params.version.split('.');
  const registry = service.breaks.includes('publicImage')
    ? 'docker.io/acme'
    : '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
  return `${registry}/${service.name}:${major}.${minor}.${revision}`;
}

/** The golden-path chart's restricted container security context. */
const RESTRICTED = {
  runAsNonRoot: true,
  runAsUser: 10001,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};

/** What a root container looks like: no hardening at all. */
const ROOT = {
  runAsUser: 0,
  readOnlyRootFilesystem: false,
  allowPrivilegeEscalation: true,
};

export function podTemplate(
  service: FleetService,
  revision: number,
  templateHash?: string,
) {
  return {
    metadata: {
      labels: {
        ...serviceLabels(service),
        ...(templateHash ? { 'pod-template-hash': templateHash } : {}),
      },
    },
    spec: {
      serviceAccountName: service.name,
      containers: [
        {
          name: 'app',
          image: image(service, revision),
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          resources: {
            requests: { cpu: '250m', memory: '256Mi' },
            ...(service.breaks.includes('noMemoryLimit')
              ? {}
              : { limits: { memory: '512Mi' } }),
          },
          readinessProbe: {
            httpGet: { path: '/ready', port: 'http' },
            periodSeconds: 5,
          },
          ...(service.breaks.includes('missingProbe')
            ? {}
            : {
                livenessProbe: {
                  httpGet: { path: '/health', port: 'http' },
                  periodSeconds: 10,
                },
              }),
          securityContext: service.breaks.includes('rootContainer')
            ? ROOT
            : RESTRICTED,
        },
      ],
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: selectorLabels(service) },
        },
      ],
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              topologyKey: 'kubernetes.io/hostname',
              labelSelector: { matchLabels: selectorLabels(service) },
            },
          ],
        },
      },
    },
  };
}

/** The pod's owner: the Deployment's ReplicaSet of the pod's template. */
export function replicaSetName(d: SimDeployment, templateHash: string) {
  return `${deploymentName(d)}-${templateHash}`;
}

function containerStatus(
  container: any,
  d: SimDeployment,
  pod: SimPod,
  ready: boolean,
  state: unknown,
  loop: SimPod['crashLoop'],
) {
  const containerImage = String(container?.image ?? '');
  return {
    name: container?.name,
    image: containerImage,
    imageID: `${containerImage.split(/[:@]/)[0]}@sha256:${hexId(
      `${d.service.name}/${pod.revision}/${container?.name}`,
      64,
    )}`,
    containerID: `containerd://${hexId(
      `${pod.name}/${container?.name}/${pod.restartCount}`,
      64,
    )}`,
    ready,
    started: !loop,
    restartCount: pod.restartCount,
    state,
    lastState: pod.lastTerminatedAt
      ? {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            startedAt: kubeTime(pod.lastTerminatedAt - 4000),
            finishedAt: kubeTime(pod.lastTerminatedAt),
            containerID: `containerd://${hexId(
              `${pod.name}/${pod.restartCount - 1}`,
              64,
            )}`,
          },
        }
      : {},
  };
}

export function podObject(
  cluster: string,
  sim: ClusterSimulation,
  d: SimDeployment,
  pod: SimPod,
  now: number,
): KubeObject {
  const { service } = d;
  const namespace = service.namespace;
  const ready = sim.isReady(pod, now);
  const node = sim.scheduler.nodeByName(pod.nodeName);
  const { template } = sim.template(d, pod.revision);
  const containers: any[] = template.spec?.containers ?? [];
  const names = containers.map(c => c?.name).join(' ');
  const loop = pod.crashLoop;
  const startedAt = loop
    ? loop.lastRestartAt
    : pod.lastTerminatedAt ?? pod.createdAt;
  const backoffSeconds = Math.min(
    10 * 2 ** Math.max(0, pod.restartCount - 1),
    300,
  );
  const state = loop
    ? {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${formatBackoff(
            backoffSeconds,
          )} restarting failed container=${containers[0]?.name} pod=${
            pod.name
          }_${namespace}(${uid(`${cluster}/Pod/${pod.name}`)})`,
        },
      }
    : { running: { startedAt: kubeTime(startedAt) } };
  const rs = replicaSetName(d, pod.templateHash);
  const notReady = {
    status: 'False',
    reason: 'ContainersNotReady',
    message: `containers with unready status: [${names}]`,
    lastTransitionTime: kubeTime(loop ? loop.since : pod.createdAt),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.name,
      namespace,
      uid: uid(`${cluster}/Pod/${pod.name}`),
      creationTimestamp: kubeTime(pod.createdAt),
      labels: {
        ...(template.metadata?.labels ?? {}),
        'pod-template-hash': pod.templateHash,
      },
      ...(template.metadata?.annotations
        ? { annotations: template.metadata.annotations }
        : {}),
      ownerReferences: [
        ownerRef(
          'apps/v1',
          'ReplicaSet',
          rs,
          uid(`${cluster}/ReplicaSet/${namespace}/${rs}`),
        ),
      ],
    },
    spec: {
      ...template.spec,
      nodeName: pod.nodeName,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
    },
    status: {
      phase: 'Running',
      hostIP: node?.internalIp,
      podIP: pod.ip,
      podIPs: [{ ip: pod.ip }],
      startTime: kubeTime(pod.createdAt),
      qosClass: qosClass(template.spec),
      conditions: [
        {
          type: 'PodReadyToStartContainers',
          status: 'True',
          lastTransitionTime: kubeTime(pod.createdAt),
        },
        {
          type: 'Initialized',
          status: 'True',
          lastTransitionTime: kubeTime(pod.createdAt),
        },
        ready
          ? {
              type: 'Ready',
              status: 'True',
              lastTransitionTime: kubeTime(pod.readyAt),
            }
          : { type: 'Ready', ...notReady },
        ready
          ? {
              type: 'ContainersReady',
              status: 'True',
              lastTransitionTime: kubeTime(pod.readyAt),
            }
          : { type: 'ContainersReady', ...notReady },
        {
          type: 'PodScheduled',
          status: 'True',
          lastTransitionTime: kubeTime(pod.createdAt),
        },
      ],
      containerStatuses: containers.map(c =>
        containerStatus(c, d, pod, ready, state, loop),
      ),
    },
  };
}

/**
 * The pod's QoS class as the API server computes it (and then never lets
 * change): Guaranteed when every container limits CPU and memory with
 * equal requests, BestEffort without any request or limit, else Burstable.
 */
export function qosClass(podSpec: any): string {
  const containers: any[] = podSpec?.containers ?? [];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const requests = c?.resources?.requests ?? {};
    const limits = c?.resources?.limits ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const resource of ['cpu', 'memory']) {
      const limit = limits[resource];
      const request = requests[resource] ?? limit;
      if (limit === undefined || String(request) !== String(limit))
        guaranteed = false;
    }
  }
  if (guaranteed) return 'Guaranteed';
  return any ? 'Burstable' : 'BestEffort';
}

function formatBackoff(seconds: number): string {
  return seconds >= 60
    ? `${Math.floor(seconds / 60)}m${seconds % 60}s`
    : `${seconds}s`;
}
