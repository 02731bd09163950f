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

/** A team of the catalog. */
export function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

/** A user with memberOf relations to `groups` (what CallerIdentityService reads). */
export function user(ref: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: ref.split('/')[1], namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
  };
}
