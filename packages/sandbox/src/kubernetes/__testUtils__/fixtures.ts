import { ClusterState } from '../clusterState';
import { KubeObject } from '../types';

export function pod(
  namespaceName: string,
  name: string,
  options: {
    app?: string;
    node?: string;
    phase?: string;
    labels?: Record<string, string>;
  } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: namespaceName,
      labels: {
        ...(options.app ? { 'app.kubernetes.io/name': options.app } : {}),
        ...options.labels,
      },
    },
    spec: {
      nodeName: options.node ?? 'ip-10-0-1-10.eu-west-1.compute.internal',
      containers: [
        {
          name: 'app',
          image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${
            options.app ?? name
          }:1.0.0`,
        },
      ],
    },
    status: { phase: options.phase ?? 'Running' },
  };
}

export function namespace(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
    status: { phase: 'Active' },
  };
}

/** Two namespaces, five pods of two services on two nodes, one pending. */
export function seedCluster(state: ClusterState): void {
  state.apply(namespace('payments'));
  state.apply(namespace('checkout'));
  state.apply(
    pod('payments', 'payments-api-7d9f-a', {
      app: 'payments-api',
      node: 'node-a',
    }),
  );
  state.apply(
    pod('payments', 'payments-api-7d9f-b', {
      app: 'payments-api',
      node: 'node-b',
    }),
  );
  state.apply(
    pod('payments', 'payments-api-7d9f-c', {
      app: 'payments-api',
      node: 'node-a',
      phase: 'Pending',
    }),
  );
  state.apply(
    pod('checkout', 'checkout-web-5c4b-a', {
      app: 'checkout-web',
      node: 'node-b',
      labels: { tier: 'frontend' },
    }),
  );
  state.apply(
    pod('checkout', 'checkout-web-5c4b-b', {
      app: 'checkout-web',
      node: 'node-a',
      labels: { tier: 'frontend' },
    }),
  );
}
