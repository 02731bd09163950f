import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { KubernetesApiServer } from '../server';

/** A KubeConfig for a simulated cluster, built the way the product builds one from config. */
export function kubeConfigFor(
  server: Pick<KubernetesApiServer, 'name' | 'url'>,
  token = 'sandbox-kube-token',
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: server.name, server: server.url, skipTLSVerify: true }],
    users: [{ name: 'sandbox', token }],
    contexts: [{ name: server.name, cluster: server.name, user: 'sandbox' }],
    currentContext: server.name,
  });
  return kc;
}

export function clientsFor(
  server: Pick<KubernetesApiServer, 'name' | 'url'>,
  token?: string,
) {
  const kc = kubeConfigFor(server, token);
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
  };
}
