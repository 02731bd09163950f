import { ConfigReader } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestContext } from '../../__testUtils__/testContext';
import { createPlatformResolveAction } from './platformResolve';
import { catalogEntities, platformConfig } from './platformResolve.fixtures';

const catalog = catalogServiceMock({ entities: catalogEntities });
const action = createPlatformResolveAction({ config: platformConfig, catalog });

async function resolve(input: Record<string, unknown>, dryRun = false) {
  const run = createTestContext(
    {
      name: 'payments-api',
      owner: 'group:default/team-commerce',
      ...input,
    } as any,
    { dryRun },
  );
  await action.handler(run.ctx);
  return run;
}

describe('eks:platform:resolve', () => {
  it('resolves every chosen environment from config, in config order, with the team namespace', async () => {
    const { outputs } = await resolve({ environments: ['prod', 'dev'] });
    expect(outputs.environmentNames).toEqual(['dev', 'prod']);
    expect(outputs.namespace).toBe('commerce');
    expect(outputs.environments).toEqual([
      expect.objectContaining({
        name: 'dev',
        cluster: 'dev-eu',
        namespace: 'commerce',
        promotion: 'automatic',
        aws: { accountId: '111111111111', region: 'eu-west-1' },
        ingress: { className: 'alb', sourceRanges: ['10.0.0.0/16'] },
        vaultAuthMount: 'kubernetes-dev',
        argocd: expect.objectContaining({
          instance: 'main',
          destinationServer: 'https://dev.eks.example.com',
        }),
        runtimeRoleArn: 'arn:aws:iam::111111111111:role/payments-api-dev',
      }),
      expect.objectContaining({
        name: 'prod',
        cluster: 'prod-eu',
        promotion: 'pull-request',
        aws: { accountId: '222222222222', region: 'eu-central-1' },
        vaultAuthMount: 'kubernetes-prod',
        runtimeRoleArn: 'arn:aws:iam::222222222222:role/payments-api-prod',
      }),
    ]);
    expect(outputs.environmentSettings).toEqual({
      dev: expect.objectContaining({
        clusterName: 'dev-eu',
        awsAccountId: '111111111111',
        loadBalancerSourceRanges: ['10.0.0.0/16'],
        ingressClassName: 'alb',
        vaultAuthMount: 'kubernetes-dev',
      }),
      prod: expect.objectContaining({
        clusterName: 'prod-eu',
        awsAccountId: '222222222222',
        awsRegion: 'eu-central-1',
        loadBalancerSourceRanges: ['10.1.0.0/16', '10.2.0.0/16'],
      }),
    });
  });

  it('names the registry, image repository, CI role, Argo CD instance and GitOps repository from config', async () => {
    const { outputs } = await resolve({ environments: ['dev'] });
    expect(outputs).toMatchObject({
      entityRef: 'component:default/payments-api',
      ownerRef: 'group:default/team-commerce',
      team: 'team-commerce',
      awsAccountId: '123456789012',
      awsRegion: 'eu-west-1',
      ecrRegistry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      imageRepository:
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api',
      ciRoleArn: 'arn:aws:iam::123456789012:role/payments-api-ci',
      argocdInstance: 'main',
      gitopsRepoUrl: 'github.com?owner=acme&repo=gitops',
      allowedCallers: [],
      dependencies: [],
    });
  });

  it("links the service's alerts to its TechDocs runbook on this portal, or to the configured runbook page", async () => {
    const { outputs } = await resolve({ environments: ['dev'] });
    // The fixtures have no app.baseUrl: the skeleton falls back to the repository.
    expect(outputs.runbookBaseUrl).toBe('');
    const portal = createPlatformResolveAction({
      config: ConfigReader.fromConfigs([
        { context: 'fixtures', data: platformConfig.get() as any },
        {
          context: 'portal',
          data: { app: { baseUrl: 'https://portal.example.com/' } },
        },
      ]),
      catalog,
    });
    const run = createTestContext(
      {
        name: 'payments-api',
        owner: 'group:default/team-commerce',
        environments: ['dev'],
      } as any,
      {},
    );
    await portal.handler(run.ctx);
    expect(run.outputs.runbookBaseUrl).toBe(
      'https://portal.example.com/docs/default/component/payments-api/runbook/',
    );
    expect(() =>
      createPlatformResolveAction({
        config: ConfigReader.fromConfigs([
          { context: 'fixtures', data: platformConfig.get() as any },
          {
            context: 'alerts',
            data: {
              eksPlatform: {
                alerts: { runbookBaseUrl: 'http://wiki.example.com/{service}' },
              },
            },
          },
        ]),
        catalog,
      }),
    ).toThrow(/eksPlatform.alerts.runbookBaseUrl must give an https URL/);
  });

  it("takes a namespace the team owns, and refuses another team's or a reserved one", async () => {
    const { outputs } = await resolve({
      environments: ['dev'],
      namespace: 'commerce-batch',
    });
    expect(outputs.namespace).toBe('commerce-batch');
    await expect(
      resolve({ environments: ['dev'], namespace: 'storefront' }),
    ).rejects.toThrow(NotAllowedError);
    await expect(
      resolve({ environments: ['dev'], namespace: 'kube-system' }),
    ).rejects.toThrow(/system or platform namespace/);
  });

  it("derives a team's namespace per environment from the pattern when config lists none", async () => {
    const { outputs } = await resolve({
      owner: 'team-storefront',
      environments: ['dev', 'prod'],
    });
    expect(
      (outputs.environments as any[]).map(e => [e.name, e.namespace]),
    ).toEqual([
      ['dev', 'team-storefront'],
      ['prod', 'team-storefront-prod'],
    ]);
  });

  it('resolves allowed callers and dependencies picked in the catalog to workloads per environment', async () => {
    const { outputs } = await resolve({
      owner: 'group:default/team-commerce',
      environments: ['dev', 'prod'],
      allowedCallers: ['component:default/checkout', 'storefront'],
      dependencies: ['api:default/inventory-api', 'component:default/checkout'],
    });
    const [dev, prod] = outputs.environments as any[];
    expect(dev.allowedCallers).toEqual([
      {
        entityRef: 'component:default/checkout',
        name: 'checkout',
        namespace: 'shop',
        port: 'http',
      },
      {
        entityRef: 'component:default/storefront',
        name: 'storefront-web',
        namespace: 'team-storefront',
        port: '8080',
      },
    ]);
    expect(prod.allowedCallers[1]).toMatchObject({
      name: 'storefront-web',
      namespace: 'team-storefront-prod',
    });
    // The API stands for its provider; the team's namespaces are configured.
    expect(dev.dependencies).toEqual([
      {
        entityRef: 'component:default/inventory',
        name: 'inventory',
        namespace: 'commerce',
        port: 'http',
      },
      {
        entityRef: 'component:default/checkout',
        name: 'checkout',
        namespace: 'shop',
        port: 'http',
      },
    ]);
    expect(outputs.allowedCallers).toEqual([
      { name: 'checkout', namespace: 'shop' },
      { name: 'storefront-web', namespace: 'team-storefront' },
      { name: 'storefront-web', namespace: 'team-storefront-prod' },
    ]);
    expect(outputs.dependsOn).toEqual(['component:default/checkout']);
    expect(outputs.consumesApis).toEqual(['api:default/inventory-api']);
  });

  it("resolves the database behind the team's connection and the event bus per environment", async () => {
    const { outputs } = await resolve({
      environments: ['dev', 'prod'],
      databaseConnection: 'orders-db',
      messaging: 'kafka',
    });
    const settings = outputs.environmentSettings as Record<string, any>;
    expect(settings.dev.database).toEqual({
      host: 'orders-dev.db.example.com',
      name: 'orders',
      port: 5432,
      sslMode: 'require',
      caBundle: '',
      poolMax: 10,
      cidrs: ['10.40.0.0/24'],
    });
    expect(settings.prod.database).toMatchObject({
      host: 'orders-prod.db.example.com',
      port: 6432,
      caBundle: 'rds-global',
      poolMax: 25,
    });
    expect(settings.dev.kafka).toEqual({
      cluster: 'event-bus',
      clusterArn: '',
      brokers: ['b-1.bus-dev.kafka.eu-west-1.amazonaws.com:9098'],
      brokerCidrs: ['10.20.8.0/22'],
    });
    expect(settings.prod.kafka.brokers).toHaveLength(2);
    expect(outputs.kafka).toEqual(settings.dev.kafka);
  });

  it('resolves no database and no event bus unless asked', async () => {
    const { outputs } = await resolve({
      environments: ['dev'],
      databaseConnection: '',
      messaging: 'none',
    });
    const settings = outputs.environmentSettings as Record<string, any>;
    expect(settings.dev.database).toBeUndefined();
    expect(settings.dev.kafka).toBeUndefined();
    expect(outputs.kafka).toEqual({
      cluster: '',
      clusterArn: '',
      brokers: [],
      brokerCidrs: [],
    });
  });

  it('runs the same, read-only, in a dry run', async () => {
    const { outputs, logs } = await resolve(
      { environments: ['dev'], allowedCallers: ['checkout'] },
      true,
    );
    expect(outputs.allowedCallers).toEqual([
      { name: 'checkout', namespace: 'shop' },
    ]);
    expect(logs.join('\n')).toContain('dry run');
  });

  describe('refuses, before anything else, with what to fix', () => {
    it.each([
      [
        'an unknown environment',
        { environments: ['qa'] },
        /"qa" is not a platform environment; use one of "dev", "stage", "prod"/,
      ],
      ['no environment', { environments: [] }, /choose at least one/],
      [
        'an environment twice',
        { environments: ['dev', 'dev'] },
        /chosen twice/,
      ],
      [
        'a name that is not a DNS label',
        { name: 'Payments"; rm -rf', environments: ['dev'] },
        /"name"/,
      ],
      [
        'a name with a template expression',
        { name: '${{ secrets.x }}', environments: ['dev'] },
        /"name"/,
      ],
      [
        'an owner that is a user',
        { owner: 'user:default/alice', environments: ['dev'] },
        /"owner"/,
      ],
      [
        'a namespace with a newline',
        { namespace: 'a\nb', environments: ['dev'] },
        /"namespace"/,
      ],
      [
        'a caller that is not an entity ref',
        { environments: ['dev'], allowedCallers: ['../../etc'] },
        /allowedCallers\[0\]/,
      ],
      [
        'a caller that is an API',
        {
          environments: ['dev'],
          allowedCallers: ['api:default/inventory-api'],
        },
        /must be a component entity/,
      ],
      [
        'a caller that does not exist (or is unreadable)',
        { environments: ['dev'], allowedCallers: ['component:default/nope'] },
        /not in the catalog, or you may not read it/,
      ],
      [
        'a caller that is not deployable',
        { environments: ['dev'], allowedCallers: ['docs-site'] },
        /is not a deployable service/,
      ],
      [
        'a caller without kubernetes-id',
        { environments: ['dev'], allowedCallers: ['legacy-batch'] },
        /no kubernetes-id/,
      ],
      [
        'the service itself',
        {
          environments: ['dev'],
          allowedCallers: ['component:default/payments-api'],
        },
        /is the service itself/,
      ],
      [
        'a dependency on a Resource',
        { environments: ['dev'], dependencies: ['resource:default/orders-db'] },
        /must be a component or an api entity/,
      ],
      [
        'an API nobody provides',
        { environments: ['dev'], dependencies: ['api:default/orphan-api'] },
        /provided by no Component/,
      ],
      [
        'a peer with a bad port annotation',
        { environments: ['dev'], dependencies: ['bad-port'] },
        /neither a port name nor a port number/,
      ],
      [
        'too many callers',
        {
          environments: ['dev'],
          allowedCallers: Array.from({ length: 21 }, (_, i) => `c${i}`),
        },
        /at most 20/,
      ],
    ])('%s', async (_, input, message) => {
      const error = await resolve(input).catch(e => e);
      expect(error).toBeInstanceOf(Error);
      expect([InputError.name, NotAllowedError.name]).toContain(error.name);
      expect(error.message).toMatch(message);
    });
  });
});
