export type {
  KubeObject,
  ResourceDefinition,
  StoredEvent,
  WatchEventType,
} from './types';
export { ClusterState, kubeTime } from './clusterState';
export type { ApplyOptions, ClusterStateOptions } from './clusterState';
export { startKubernetesApiServer, DEFAULT_KUBE_TOKEN } from './server';
export type { KubernetesApiServer, KubernetesApiServerOptions } from './server';
export { RESOURCES } from './resources';
export { parseLabelSelector, matchesLabels } from './labelSelector';
export type { LabelRequirement } from './labelSelector';
export type { KubeStatus } from './status';
export { PodLogStore } from './podLogs';
export type { LogLine } from './podLogs';
