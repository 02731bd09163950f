export { WorkloadSimulator } from './simulator';
export type { WorkloadSimulatorOptions } from './simulator';
export { ClusterSimulation } from './cluster-sim';
export { TrafficModel, DEFAULT_CLUSTER_TRAFFIC_SCALE } from './traffic';
export type { TrafficModelOptions } from './traffic';
export { ZONES } from './scheduler';
export { clusterStateSink } from './sinks';
export type { KubeObject, ObjectSink } from './types';
