import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import path from 'node:path';
import request from 'supertest';
import { scaffolderModuleEksPlatform } from '../../module';

/*
 * eks:platform:resolve inside the real scaffolder, reading the repository's
 * demo catalog from the real catalog backend with the user's credentials:
 * a user the permission policy denies catalog reads gets the same refusal
 * as for an entity that does not exist.
 */

jest.setTimeout(90_000);

// eslint-disable-next-line no-restricted-syntax
const DEMO = path.resolve(__dirname, '../../../../../catalog/demo');
const OUTSIDER = 'user:default/outsider';

/** Catalog reads (catalog.entity.read) denied to OUTSIDER only; everything else allowed. */
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    // AuthorizeResult's values.
    const decide = (credentials: any, query: any) =>
      credentials?.principal?.userEntityRef === OUTSIDER &&
      query.permission.name === 'catalog.entity.read'
        ? 'DENY'
        : 'ALLOW';
    return {
      async authorize(requests, { credentials }) {
        return requests.map(r => ({ result: decide(credentials, r) })) as any;
      },
      async authorizeConditional(requests, { credentials }) {
        return requests.map(r => ({ result: decide(credentials, r) })) as any;
      },
    };
  },
});

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'resolve', namespace: 'default' },
  spec: {
    type: 'service',
    parameters: [],
    steps: [
      {
        id: 'platform',
        action: 'eks:platform:resolve',
        input: {
          name: 'basket-api',
          owner: 'group:default/team-commerce',
          environments: ['dev', 'prod'],
          allowedCallers: ['component:default/frontend-ui'],
          dependencies: [
            'component:default/order-service',
            'api:default/search-service-api',
          ],
        },
      },
    ],
    output: { platform: '${{ steps.platform.output }}' },
  },
};

describe('eks:platform:resolve with the real catalog', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderPlugin,
        scaffolderModuleEksPlatform,
        permissions,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'API',
                    'Group',
                    'User',
                    'System',
                    'Resource',
                    'Domain',
                  ],
                },
              ],
              locations: [
                'org.yaml',
                'systems.yaml',
                'components.yaml',
                'apis.yaml',
              ].map(f => ({
                type: 'file',
                target: path.join(DEMO, f),
              })),
            },
            eksPlatform: {
              argocd: {
                instances: [
                  {
                    name: 'main',
                    url: 'https://argocd.example.com',
                    token: 't',
                  },
                ],
              },
              ecr: { accountId: '123456789012', region: 'eu-west-1' },
              gitops: { repoUrl: 'github.com?owner=acme&repo=gitops' },
              tenancy: {
                teams: [
                  {
                    group: 'group:default/team-commerce',
                    namespaces: ['commerce'],
                  },
                ],
              },
              environments: ['dev', 'prod'].map(name => ({
                name,
                cluster: name,
                argocd: {
                  instance: 'main',
                  destinationServer: `https://${name}.eks.example.com`,
                },
                aws: { accountId: '123456789012', region: 'eu-west-1' },
              })),
            },
          },
        }),
      ],
    });
    // The catalog processes the locations and stitches relations in the background.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/api/default/search-service-api')
        .set('Authorization', mockCredentials.user.header());
      if (
        res.status === 200 &&
        res.body.relations?.some((r: any) => r.type === 'apiProvidedBy')
      )
        break;
      if (Date.now() > deadline) throw new Error('demo catalog not ingested');
      await new Promise(r => setTimeout(r, 300));
    }
  });
  afterAll(() => backend?.stop());

  const dryRun = (user: string) =>
    request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header(user))
      .send({ template, values: {}, secrets: {}, directoryContents: [] });

  it("resolves the demo catalog's peers to their workloads in every environment", async () => {
    const res = await dryRun('user:default/alice');
    expect(res.status).toBe(200);
    const platform = res.body.output.platform;
    expect(platform.allowedCallers).toEqual([
      { name: 'frontend-ui', namespace: 'storefront' },
    ]);
    expect(platform.dependencies).toEqual([
      { name: 'order-service', namespace: 'commerce', port: 'http' },
      { name: 'search-service', namespace: 'storefront', port: 'http' },
    ]);
    expect(platform.dependsOn).toEqual(['component:default/order-service']);
    expect(platform.consumesApis).toEqual(['api:default/search-service-api']);
    expect(platform.environmentNames).toEqual(['dev', 'prod']);
    expect(platform.namespace).toBe('commerce');
  });

  it('refuses peers the user may not read, as if they did not exist', async () => {
    const res = await dryRun(OUTSIDER);
    const log = JSON.stringify(res.body);
    expect(log).toContain(
      'Invalid input \\"allowedCallers[0]\\": \\"component:default/frontend-ui\\" is not in the catalog, or you may not read it',
    );
    expect(log).not.toContain('"name":"frontend-ui"');
  });
});
