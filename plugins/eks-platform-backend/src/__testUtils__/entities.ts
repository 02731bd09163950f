import { Entity } from '@backstage/catalog-model';

export function component(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team',
    },
  };
}

/** A service annotated the way the golden-path template writes it. */
export function annotatedService(name: string, ns = 'shop'): Entity {
  return component(name, {
    'backstage.io/kubernetes-id': name,
    'backstage.io/kubernetes-namespace': ns,
    'jaegertracing.io/service-name': name,
    'argocd/app-name': name,
  });
}
