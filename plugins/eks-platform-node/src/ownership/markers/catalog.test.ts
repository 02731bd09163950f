import { readCatalogInfoMarker, readEntityMarker } from './catalog';

const component = (name: string, owner: string, namespace?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

describe('readEntityMarker', () => {
  it('reads spec.owner; a bare name is a group in the entity’s namespace', () => {
    expect(readEntityMarker(component('cart', 'team-a'))).toEqual({
      entityRef: 'component:default/cart',
      ownerRef: 'group:default/team-a',
    });
    expect(readEntityMarker(component('cart', 'team-a', 'shop'))).toEqual({
      entityRef: 'component:shop/cart',
      ownerRef: 'group:shop/team-a',
    });
    expect(readEntityMarker(component('cart', 'group:default/Team-A'))).toEqual(
      {
        entityRef: 'component:default/cart',
        ownerRef: 'group:default/team-a',
      },
    );
  });

  it('is no marker without an owner', () => {
    expect(readEntityMarker(undefined)).toBeUndefined();
    expect(
      readEntityMarker({ ...component('cart', ''), spec: {} } as any),
    ).toBeUndefined();
  });
});

describe('readCatalogInfoMarker', () => {
  const file = `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: cart-api
spec:
  owner: team-a
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
spec:
  owner: team-a
`;

  it('takes the asked-for entity among several', () => {
    expect(readCatalogInfoMarker(file, 'component:default/cart')).toEqual({
      entityRef: 'component:default/cart',
      ownerRef: 'group:default/team-a',
    });
  });

  it('names the first owned entity when the asked-for one is not there', () => {
    expect(readCatalogInfoMarker(file, 'component:default/other')).toEqual({
      entityRef: 'api:default/cart-api',
      ownerRef: 'group:default/team-a',
    });
  });

  it('is no marker for files without owned entities or that are not YAML', () => {
    expect(
      readCatalogInfoMarker('# readme\n', 'component:default/x'),
    ).toBeUndefined();
    expect(
      readCatalogInfoMarker('a: [b\n', 'component:default/x'),
    ).toBeUndefined();
    expect(readCatalogInfoMarker('', 'component:default/x')).toBeUndefined();
  });

  it('does not expand an alias bomb', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'kind: Component',
      'metadata: { name: x }',
      'spec: { owner: team-a }',
    ].join('\n');
    expect(readCatalogInfoMarker(bomb, 'component:default/x')).toBeUndefined();
  });
});
