/** Cluster-scoped objects: Namespaces and Nodes. */
import { KubeObject, SimNode } from '../types';
import { kubeTime, uid } from './meta';

export function namespaceObject(
  cluster: string,
  name: string,
  createdAt: number,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: uid(`${cluster}/Namespace/${name}`),
      creationTimestamp: kubeTime(createdAt),
      labels: { 'kubernetes.io/metadata.name': name },
    },
    // The server sets spec.finalizers and status.phase (Active) itself.
  };
}

export function nodeObject(cluster: string, node: SimNode): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      uid: uid(`${cluster}/Node/${node.name}`),
      creationTimestamp: kubeTime(node.createdAt),
      labels: {
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'm6i.xlarge',
        'topology.kubernetes.io/region': 'eu-west-1',
        'topology.kubernetes.io/zone': node.zone,
        'eks.amazonaws.com/nodegroup': `${cluster}-general`,
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
      },
    },
    spec: { providerID: `aws:///${node.zone}/${node.instanceId}` },
    status: {
      capacity: {
        cpu: '4',
        memory: '16069496Ki',
        pods: '58',
        'ephemeral-storage': '83873772Ki',
      },
      allocatable: {
        cpu: '3920m',
        memory: '15050616Ki',
        pods: '58',
        'ephemeral-storage': '76224326324',
      },
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
          lastHeartbeatTime: kubeTime(node.createdAt),
          lastTransitionTime: kubeTime(node.createdAt),
        },
        {
          type: 'DiskPressure',
          status: 'False',
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
          lastHeartbeatTime: kubeTime(node.createdAt),
          lastTransitionTime: kubeTime(node.createdAt),
        },
        {
          type: 'PIDPressure',
          status: 'False',
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
          lastHeartbeatTime: kubeTime(node.createdAt),
          lastTransitionTime: kubeTime(node.createdAt),
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: kubeTime(node.createdAt),
          lastTransitionTime: kubeTime(node.createdAt),
        },
      ],
      addresses: [
        { type: 'InternalIP', address: node.internalIp },
        { type: 'Hostname', address: node.name },
        { type: 'InternalDNS', address: node.name },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.30.4-eks-a737599',
        kubeProxyVersion: 'v1.30.4-eks-a737599',
        containerRuntimeVersion: 'containerd://1.7.22',
        osImage: 'Amazon Linux 2023.5.20240916',
        kernelVersion: '6.1.109-118.189.amzn2023.x86_64',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}
