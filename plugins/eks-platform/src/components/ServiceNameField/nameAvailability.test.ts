import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { checkNameAvailability, validateServiceName } from './nameAvailability';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api' },
    spec: { type: 'service', owner: 'group:default/team-payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart' },
    spec: { type: 'service', owner: 'team-commerce' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-payments', title: 'Payments' },
    spec: { type: 'team', profile: { displayName: 'Team Payments' } },
  },
];

function apiHolder(ownership: string[]) {
  const apis = new Map<string, unknown>([
    [catalogApiRef.id, catalogApiMock({ entities })],
    [
      identityApiRef.id,
      {
        getBackstageIdentity: async () => ({
          type: 'user',
          userEntityRef: 'user:default/guest',
          ownershipEntityRefs: ownership,
        }),
      },
    ],
  ]);
  return { get: (ref: { id: string }) => apis.get(ref.id) as any };
}

async function check(
  name: string,
  ownership = ['group:default/team-commerce'],
) {
  const validation = createFieldValidation();
  await validateServiceName(name, validation, {
    apiHolder: apiHolder(ownership),
  });
  return validation.__errors ?? [];
}

describe('validateServiceName', () => {
  it("says on step 1 that another team's service has the name, by the team's display name", async () => {
    expect(await check('payments-api')).toEqual([
      'The name payments-api is taken: a service of Team Payments already uses it. Choose another name.',
    ]);
  });

  it("lets the owning team's members through: running the template again is a re-run", async () => {
    expect(await check('cart')).toEqual([]);
  });

  it('passes a free name', async () => {
    expect(await check('orders-api')).toEqual([]);
  });

  it('leaves a malformed name to the schema message', async () => {
    expect(await check('Payments_API')).toEqual([]);
  });

  it("tells a member of the owning team that creating the name again is a re-run, by the team's name", async () => {
    const holder = apiHolder(['group:default/team-payments']);
    expect(
      await checkNameAvailability('payments-api', {
        catalogApi: holder.get(catalogApiRef),
        identityApi: holder.get(identityApiRef),
      }),
    ).toEqual({
      state: 'yours',
      message:
        'Team Payments, one of your teams, already owns payments-api: creating it again re-runs the golden path for that service. What exists is kept (repository, catalog entry, deployments); the run lists what it did not change and how to change it.',
    });
  });
});
