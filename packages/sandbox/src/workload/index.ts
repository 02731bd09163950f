export { WorkloadSimulator } from './simulator';
export type { WorkloadSimulatorOptions, TickStats } from './simulator';
export { ClusterSimulation } from './cluster-sim';
export { TrafficModel, DEFAULT_CLUSTER_TRAFFIC_SCALE } from './traffic';
export type { TrafficModelOptions } from './traffic';
export { ZONES } from './scheduler';
export { ApiServerSink } from './apiServerSink';
export type { FlushStats } from './apiServerSink';
export type { KubeObject, ObjectSink } from './types';
