import { ConfigReader } from '@backstage/config';
import { readTenancyConfig } from '@internal/backstage-plugin-eks-platform-node';
import { component } from '../__testUtils__/entities';
import { readEntityTargets } from './entityTargets';
import { kubernetesTarget } from './kubernetesTarget';

const POLICY = {
  tenancy: readTenancyConfig(new ConfigReader({})),
  environments: [],
};

function targetOf(annotations: Record<string, string>, owner?: unknown) {
  const entity = component('checkout', annotations);
  (entity.spec as any).owner = owner ?? 'team-a';
  return kubernetesTarget(
    entity,
    readEntityTargets(entity).kubernetes!,
    POLICY,
  );
}

describe('kubernetesTarget', () => {
  it('takes the id, the owner as a group ref and the declared namespaces', () => {
    const target = targetOf({
      'backstage.io/kubernetes-id': 'checkout',
      'backstage.io/kubernetes-namespace': 'shop, shop-jobs,shop',
    });
    if ('annotation' in target) throw new Error(target.message);
    expect(target).toMatchObject({
      id: 'checkout',
      selector: undefined,
      owner: 'group:default/team-a',
    });
    expect(target.scope('dev')).toEqual({ namespaces: ['shop', 'shop-jobs'] });
  });

  it('prefers the label selector, in canonical form', () => {
    const target = targetOf({
      'backstage.io/kubernetes-id': 'checkout',
      'backstage.io/kubernetes-label-selector':
        ' tier in (web, api) , app == checkout ',
      'backstage.io/kubernetes-namespace': 'shop',
    });
    expect(target).toMatchObject({
      selector: 'app=checkout,tier in (api,web)',
    });
  });

  it.each([
    [
      { 'backstage.io/kubernetes-label-selector': '' },
      'backstage.io/kubernetes-label-selector',
      /empty label selector/,
    ],
    [
      { 'backstage.io/kubernetes-label-selector': 'app > 1' },
      'backstage.io/kubernetes-label-selector',
      /< and > operators/,
    ],
    [
      {
        'backstage.io/kubernetes-id': 'x',
        'backstage.io/kubernetes-namespace': 'Shop',
      },
      'backstage.io/kubernetes-namespace',
      /"Shop" is not a Kubernetes namespace name/,
    ],
    [
      {
        'backstage.io/kubernetes-id': 'x',
        'backstage.io/kubernetes-namespace': 'a,,b',
      },
      'backstage.io/kubernetes-namespace',
      /"" is not a Kubernetes namespace name/,
    ],
    [
      {
        'backstage.io/kubernetes-id': 'x',
        'backstage.io/kubernetes-namespace': '../kube-system',
      },
      'backstage.io/kubernetes-namespace',
      /not a Kubernetes namespace name/,
    ],
  ])('refuses %j naming the annotation', (annotations, annotation, message) => {
    const target = targetOf(annotations);
    expect(target).toEqual({
      annotation,
      message: expect.stringMatching(message),
    });
  });

  it('puts entities without a valid owner under one shared cap', () => {
    const a = targetOf({ 'backstage.io/kubernetes-id': 'x' }, 42);
    const b = targetOf({ 'backstage.io/kubernetes-id': 'x' }, 'not a ref!');
    expect(a).toMatchObject({ owner: 'entities without a valid spec.owner' });
    expect(b).toMatchObject({ owner: 'entities without a valid spec.owner' });
  });
});
