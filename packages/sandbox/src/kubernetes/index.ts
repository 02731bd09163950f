export {
  startKubernetesClusters,
  writeCaDataFile,
  ensureCaDataFile,
  DEFAULT_KUBE_TOKEN,
} from './clusters';
export type {
  KubernetesCluster,
  KubernetesClusters,
  KubernetesClustersOptions,
  KubernetesClusterSpec,
} from './clusters';
export { NO_FAULTS, faultProblem } from './faults';
export type { ClusterFaults } from './faults';
export type { ProxiedRequest } from './faultProxy';
export { KubeClient, KubeApiError } from './kubeClient';
export type { KubeObject, KubeResource } from './kubeClient';
export { CRD_SOURCES, crdDocuments, installCrds } from './crds';
export type { CrdSource } from './crds';
export type { EtcdServer } from './etcd';
export type { SandboxPki } from './pki';
export { startAdmissionServer } from './admission';
export type { AdmissionResult, AdmissionServer } from './admission';
export { Informer } from './informer';
export type { InformerOptions } from './informer';
export { INSTALL_ORDER, installOrder } from './installOrder';
