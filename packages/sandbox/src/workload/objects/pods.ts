/** Pods and their template. */
import { FleetService, hexId } from '../../fleet';
import { ClusterSimulation } from '../cluster-sim';
import { KubeObject, SimDeployment, SimPod } from '../types';
import {
  kubeTime,
  meta,
  ownerRef,
  selectorLabels,
  serviceLabels,
  uid,
} from './meta';

function image(service: FleetService, revision: number): string {
  const [major, minor] = service.params.version.split('.');
  return `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${service.name}:${major}.${minor}.${revision}`;
}

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
            limits: { memory: '512Mi' },
          },
          readinessProbe: {
            httpGet: { path: '/ready', port: 'http' },
            periodSeconds: 5,
          },
          livenessProbe: {
            httpGet: { path: '/health', port: 'http' },
            periodSeconds: 10,
          },
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

export function podObject(
  cluster: string,
  sim: ClusterSimulation,
  d: SimDeployment,
  pod: SimPod,
  now: number,
): KubeObject {
  const { service } = d;
  const ready = sim.isReady(pod, now);
  const node = sim.scheduler.nodeByName(pod.nodeName);
  const template = podTemplate(service, pod.revision, pod.templateHash);
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
          )} restarting failed container=app pod=${pod.name}_${
            service.namespace
          }(${uid(`${cluster}/Pod/${pod.name}`)})`,
        },
      }
    : { running: { startedAt: kubeTime(startedAt) } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...meta(cluster, 'Pod', service, pod.name, pod.createdAt),
      uid: uid(`${cluster}/Pod/${pod.name}`),
      labels: template.metadata.labels,
      ownerReferences: [
        ownerRef(
          'apps/v1',
          'ReplicaSet',
          `${service.name}-${pod.templateHash}`,
          uid(
            `${cluster}/ReplicaSet/${service.namespace}/${service.name}-${pod.templateHash}`,
          ),
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
      qosClass: 'Burstable',
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
          : {
              type: 'Ready',
              status: 'False',
              reason: 'ContainersNotReady',
              message: 'containers with unready status: [app]',
              lastTransitionTime: kubeTime(loop ? loop.since : pod.createdAt),
            },
        ready
          ? {
              type: 'ContainersReady',
              status: 'True',
              lastTransitionTime: kubeTime(pod.readyAt),
            }
          : {
              type: 'ContainersReady',
              status: 'False',
              reason: 'ContainersNotReady',
              message: 'containers with unready status: [app]',
              lastTransitionTime: kubeTime(loop ? loop.since : pod.createdAt),
            },
        {
          type: 'PodScheduled',
          status: 'True',
          lastTransitionTime: kubeTime(pod.createdAt),
        },
      ],
      containerStatuses: [
        {
          name: 'app',
          image: template.spec.containers[0].image,
          imageID: `${
            template.spec.containers[0].image.split(':')[0]
          }@sha256:${hexId(`${service.name}/${pod.revision}`, 64)}`,
          containerID: `containerd://${hexId(
            `${pod.name}/${pod.restartCount}`,
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
        },
      ],
    },
  };
}

function formatBackoff(seconds: number): string {
  return seconds >= 60
    ? `${Math.floor(seconds / 60)}m${seconds % 60}s`
    : `${seconds}s`;
}
