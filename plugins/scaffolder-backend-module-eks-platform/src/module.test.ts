import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { scaffolderModuleEksPlatform } from './module';

// Starting the real scaffolder backend takes a few seconds on CI.
jest.setTimeout(30_000);

/** The real scaffolder backend with this module and the given config. */
const start = (data: JsonObject) =>
  startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleEksPlatform,
      mockServices.rootConfig.factory({ data }),
    ],
  });

describe('scaffolderModuleEksPlatform', () => {
  it('registers the actions with the real scaffolder, with schemas and examples', async () => {
    const { server } = await start({
      eksPlatform: {
        argocd: {
          instances: [
            {
              name: 'main',
              url: 'http://127.0.0.1:7110',
              token: 'sandbox-argocd-token',
            },
          ],
        },
        vault: {
          url: 'http://127.0.0.1:7120',
          auth: { method: 'token', token: 'sandbox-vault-root-token' },
        },
      },
    });
    const res = await request(server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const actions = new Map<string, any>(res.body.map((a: any) => [a.id, a]));
    for (const id of [
      'eks:ecr:create',
      'eks:argocd:register',
      'eks:vault:register',
      'eks:github:repo:configure',
      'eks:platform:resolve',
      'eks:template:upgrade',
      'eks:template:select-services',
      'eks:template:upgrade-many',
    ]) {
      const action = actions.get(id);
      expect(action).toBeDefined();
      expect(action.examples.length).toBeGreaterThan(0);
      expect(action.schema.input.type).toBe('object');
      expect(action.schema.output.type).toBe('object');
    }
    expect(actions.get('eks:ecr:create').schema.input.required).toEqual([
      'repositoryName',
    ]);
    // Destinations, namespaces and the project come from config, not the form.
    expect(actions.get('eks:argocd:register').schema.input.required).toEqual([
      'name',
      'owner',
      'environments',
      'chartRepoUrl',
    ]);
    expect(
      Object.keys(actions.get('eks:argocd:register').schema.input.properties),
    ).not.toEqual(expect.arrayContaining(['destination']));
    // The developer chooses names; accounts, clusters and registries are resolved.
    expect(actions.get('eks:platform:resolve').schema.input.required).toEqual([
      'name',
      'owner',
      'environments',
    ]);
    expect(
      Object.keys(actions.get('eks:platform:resolve').schema.output.properties),
    ).toEqual(
      expect.arrayContaining(['environmentSettings', 'imageRepository']),
    );
    // Nothing secret from config reaches the action listing.
    expect(JSON.stringify(res.body)).not.toMatch(
      /sandbox-(argocd|vault)-.*token/,
    );
  });

  it('accepts the platform trust config of app-config.yaml', async () => {
    const { server } = await start({
      eksPlatform: {
        platformAdmins: ['group:default/team-platform'],
        tenancy: {
          allowLoopback: true,
          githubOrganizations: ['acme'],
          teams: [
            {
              group: 'group:default/team-commerce',
              namespaces: ['commerce'],
            },
          ],
        },
      },
    });
    const res = await request(server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
  });

  it('refuses to start with an invalid platform config, naming the key', async () => {
    await expect(
      start({
        eksPlatform: {
          tenancy: { ecrPullAccounts: ['not-an-account'] },
        },
      }),
    ).rejects.toThrow(
      'eksPlatform.tenancy.ecrPullAccounts[0] must be a 12-digit AWS account ID',
    );
  });
});
