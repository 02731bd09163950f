import { fireEvent, screen } from '@testing-library/react';
import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { eksPlatformApiRef } from '../../api';
import { ServiceNameField } from './ServiceNameField';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart' },
    spec: { type: 'service', owner: 'group:default/team-commerce' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-commerce' },
    spec: { type: 'team', profile: { displayName: 'Commerce team' } },
  },
];

/** The backend's answer for a repository of the guest's team with no catalog entry (a run that stopped before registration). */
const eksPlatformApi = {
  checkServiceName: async (name: string) =>
    name === 'orders-api'
      ? {
          name,
          state: 'yours',
          repository: 'acme/orders-api',
          message:
            'The repository acme/orders-api already holds orders-api of team-commerce, one of your teams: creating it again re-runs the golden path for that service and keeps what exists.',
        }
      : { name, state: 'free' },
};

const identityApi = {
  getBackstageIdentity: async () => ({
    type: 'user',
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['group:default/team-commerce'],
  }),
};

async function renderField(formData: string) {
  await renderInTestApp(
    <ServiceNameField
      {...({} as any)}
      formData={formData}
      onChange={jest.fn()}
      schema={{ title: 'Service name', type: 'string' }}
      uiSchema={{}}
      idSchema={{ $id: 'root_name' } as any}
      rawErrors={[]}
      required
    />,
    {
      apis: [
        [catalogApiRef, catalogApiMock({ entities })],
        [identityApiRef, identityApi as any],
        [eksPlatformApiRef, eksPlatformApi as any],
      ],
    },
  );
  return screen.getByRole('textbox', { name: /Service name/ });
}

describe('ServiceNameField', () => {
  it("says, on leaving the field, that the name of the user's own team's service re-runs the golden path", async () => {
    const input = await renderField('cart');
    expect(screen.getByRole('status')).toHaveTextContent('');
    fireEvent.blur(input);
    expect(
      await screen.findByText(
        /^Commerce team, one of your teams, already owns cart: creating it again re-runs the golden path/,
      ),
    ).toBeVisible();
    expect(input.getAttribute('aria-describedby')).toContain(
      'root_name__rerun',
    );
    expect(screen.getByRole('status')).toHaveAttribute(
      'id',
      'root_name__rerun',
    );
  });

  it("says, on leaving the field, that a name whose repository is the user's team's service re-runs the golden path", async () => {
    const input = await renderField('orders-api');
    fireEvent.blur(input);
    expect(
      await screen.findByText(
        /^The repository acme\/orders-api already holds orders-api of team-commerce, one of your teams: creating it again re-runs the golden path/,
      ),
    ).toBeVisible();
    expect(screen.getByRole('status')).toHaveAttribute(
      'id',
      'root_name__rerun',
    );
  });

  it('adds no note for a free name', async () => {
    const input = await renderField('shipping-api');
    fireEvent.blur(input);
    // Let the catalog lookup settle before looking.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(screen.getByRole('status')).toHaveTextContent('');
  });
});
