import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { entityPageModule } from './entityPageModule';

// The entity page loads lazily; on a busy 2-core machine that takes seconds.
jest.setTimeout(30_000);

const checkout: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'experimental' },
};

function renderEntityPage(features: Parameters<typeof renderTestApp>[0]) {
  return renderTestApp({
    ...features,
    apis: [[catalogApiRef, catalogApiMock({ entities: [checkout] })]],
    initialRouteEntries: ['/catalog/default/component/checkout'],
  });
}

describe('the entity page', () => {
  it('has the entity name, not the plugin header, as its first heading and its h1', async () => {
    renderEntityPage({ features: [catalogPlugin, entityPageModule] });
    await screen.findByRole(
      'heading',
      { name: /checkout/, level: 2 },
      { timeout: 20_000 },
    );
    const [first] = screen.getAllByRole('heading');
    expect(first).toHaveTextContent('checkout');
    expect(screen.getAllByRole('heading', { level: 1 })).toEqual([first]);
    // The visible title stays @backstage/ui's Header (an h2, no level prop
    // in 1.55), right after the h1.
    expect(screen.getAllByRole('heading')[1]).toHaveTextContent('checkout');
    expect(
      screen.queryByRole('heading', { name: 'Catalog' }),
    ).not.toBeInTheDocument();
  });

  it('starts with the "Catalog" plugin header without the module (what it fixes)', async () => {
    renderEntityPage({ features: [catalogPlugin] });
    await screen.findByRole(
      'heading',
      { name: /checkout/ },
      { timeout: 20_000 },
    );
    const [first] = screen.getAllByRole('heading');
    expect(first).toHaveTextContent('Catalog');
  });
});
