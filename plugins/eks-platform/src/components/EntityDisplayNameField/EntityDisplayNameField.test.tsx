import { waitFor } from '@testing-library/react';
import { CatalogApi, catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityDisplayNameField } from './EntityDisplayNameField';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-commerce' },
    spec: { type: 'team', profile: { displayName: 'Commerce team' } },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'commerce', title: 'Commerce' },
    spec: { owner: 'team-commerce' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'frontend-ui' },
    spec: { type: 'website', owner: 'team-commerce' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: 'orders-api',
      // A hostile title: a newline and a bidirectional override.
      title: 'Orders\nAPI\u202e',
    },
    spec: { type: 'openapi', owner: 'team-commerce' },
  },
];

async function renderField(
  formData: Record<string, unknown>,
  options: { entityRefField: string; defaultKind?: string },
  catalogApi: Partial<CatalogApi> = catalogApiMock({ entities }),
  maxLength = 200,
) {
  const onChange = jest.fn();
  const field = (data: Record<string, unknown>) => (
    <EntityDisplayNameField
      {...({} as any)}
      formData={undefined}
      onChange={onChange}
      formContext={{ formData: data }}
      schema={{ title: 'Owner', type: 'string', maxLength }}
      uiSchema={{ 'ui:options': options }}
      idSchema={{ $id: 'root_ownerName' } as any}
      rawErrors={[]}
    />
  );
  const rendered = await renderInTestApp(field(formData), {
    apis: [[catalogApiRef, catalogApi as CatalogApi]],
  });
  return { onChange, rendered };
}

describe('EntityDisplayNameField', () => {
  it("stores the group's display name for the owner the picker holds, and renders nothing", async () => {
    const { onChange, rendered } = await renderField(
      { owner: 'group:default/team-commerce' },
      { entityRefField: 'owner', defaultKind: 'Group' },
    );
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('Commerce team'));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(rendered.container.textContent).toBe('');
  });

  it("uses the entity's title, and reads a short ref with the picker's default kind", async () => {
    const { onChange } = await renderField(
      { system: 'commerce' },
      { entityRefField: 'system', defaultKind: 'System' },
    );
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('Commerce'));
  });

  it('names every entity of a list in one catalog request, as one printable line', async () => {
    const catalogApi = catalogApiMock({ entities });
    const getEntitiesByRefs = jest.spyOn(catalogApi, 'getEntitiesByRefs');
    const { onChange } = await renderField(
      {
        dependencies: [
          'component:default/frontend-ui',
          'api:default/orders-api',
          'component:default/gone',
        ],
      },
      { entityRefField: 'dependencies', defaultKind: 'Component' },
      catalogApi,
    );
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith('frontend-ui, Orders API, gone'),
    );
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
  });

  it('shows the short refs when the catalog cannot be read', async () => {
    const { onChange } = await renderField(
      { owner: 'group:default/team-commerce' },
      { entityRefField: 'owner', defaultKind: 'Group' },
      {
        getEntitiesByRefs: jest.fn().mockRejectedValue(new Error('offline')),
      },
    );
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('team-commerce'));
  });

  it('keeps to the schema maxLength', async () => {
    const { onChange } = await renderField(
      { owner: 'group:default/team-commerce' },
      { entityRefField: 'owner', defaultKind: 'Group' },
      catalogApiMock({ entities }),
      8,
    );
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('Commerc…'));
  });

  it('stores nothing while the picker is empty', async () => {
    const catalogApi = catalogApiMock({ entities });
    const getEntitiesByRefs = jest.spyOn(catalogApi, 'getEntitiesByRefs');
    const { onChange } = await renderField(
      {},
      { entityRefField: 'owner', defaultKind: 'Group' },
      catalogApi,
    );
    // formData is already undefined: nothing to write, nothing to look up.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(onChange).not.toHaveBeenCalled();
    expect(getEntitiesByRefs).not.toHaveBeenCalled();
  });
});
