import { Entity } from '@backstage/catalog-model';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { fetchOwnServices, toOwnServices } from './ownServices';

const component = (name: string, owner: string, title?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
  spec: { owner, type: 'service', lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

describe('fetchOwnServices', () => {
  const catalogApi = catalogApiMock({
    entities: [
      component('order-service', 'group:default/team-commerce'),
      component('cart-service', 'group:default/team-commerce'),
      component('shipping-service', 'group:default/team-fulfilment'),
      component('my-tool', 'user:default/guest'),
    ],
  });

  it('lists the Components owned by the user or one of their groups, by name', async () => {
    const services = await fetchOwnServices(catalogApi, [
      'user:default/guest',
      'group:default/team-commerce',
    ]);
    expect(services.map(e => e.metadata.name)).toEqual([
      'cart-service',
      'my-tool',
      'order-service',
    ]);
  });

  it('lists nothing, without asking the catalog for everything, when the user owns nothing', async () => {
    await expect(fetchOwnServices(catalogApi, [])).resolves.toEqual([]);
  });
});

describe('toOwnServices', () => {
  it('joins each service with its health, or the reason the status backend gave none', () => {
    const services = toOwnServices(
      [
        component('order-service', 'group:default/team-commerce', 'Orders'),
        component('cart-service', 'group:default/team-commerce'),
      ],
      {
        items: [
          {
            entityRef: 'component:default/order-service',
            health: { level: 'warning', reasons: ['1 alert firing'] },
          } as any,
        ],
        errors: [
          {
            entityRef: 'component:default/cart-service',
            error: { name: 'NotAllowedError', message: 'not allowed' },
          },
        ],
      },
    );
    expect(services).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/order-service',
        title: 'Orders',
        health: { level: 'warning', reasons: ['1 alert firing'] },
        statusError: undefined,
      }),
      expect.objectContaining({
        entityRef: 'component:default/cart-service',
        health: undefined,
        statusError: 'not allowed',
      }),
    ]);
  });
});
