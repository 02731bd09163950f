import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { ServiceNameAvailability } from '@internal/backstage-plugin-eks-platform-common';
import { eksPlatformApiRef } from '../../api';
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

/** The backend's answers (nameAvailabilityRoute.test.ts proves them against the GitHub simulator). */
const repositoryAnswers: Record<string, ServiceNameAvailability> = {
  billing: {
    name: 'billing',
    state: 'taken-by-repository',
    repository: 'acme/billing',
    message:
      'The name billing is taken: the repository acme/billing already exists and is not a service of one of your teams. Choose another name.',
  },
};
const repositoryChecks: string[] = [];
const eksPlatformApi = {
  checkServiceName: async (name: string) => {
    repositoryChecks.push(name);
    if (name === 'unreachable') throw new Error('503 Service Unavailable');
    return repositoryAnswers[name] ?? { name, state: 'free' };
  },
};

function apiHolder(ownership: string[]) {
  const apis = new Map<string, unknown>([
    [eksPlatformApiRef.id, eksPlatformApi],
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

  it('refuses on step 1 a name whose repository exists in the platform organisation but not in the catalog', async () => {
    expect(await check('billing')).toEqual([
      'The name billing is taken: the repository acme/billing already exists and is not a service of one of your teams. Choose another name.',
    ]);
  });

  it('does not ask about the repository when the catalog already decided', async () => {
    repositoryChecks.length = 0;
    await check('payments-api');
    await check('cart');
    expect(repositoryChecks).toEqual([]);
  });

  it('lets the name through when the repository check cannot answer: the run checks again before it writes', async () => {
    expect(await check('unreachable')).toEqual([]);
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
