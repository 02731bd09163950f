import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';

/**
 * Platform config as a portal has it: dev and prod in different accounts,
 * prod's namespaces per environment ({team}-{env}), commerce's namespaces
 * configured, storefront's from the pattern.
 */
export const platformConfig = new ConfigReader({
  eksPlatform: {
    argocd: {
      instances: [
        {
          name: 'main',
          url: 'https://argocd.example.com',
          token: 'argo-secret',
        },
        {
          name: 'prod',
          url: 'https://argocd-prod.example.com',
          token: 'argo-secret-2',
        },
      ],
    },
    ecr: { accountId: '123456789012', region: 'eu-west-1' },
    gitops: { repoUrl: 'github.com?owner=acme&repo=gitops' },
    tenancy: {
      reservedNamespaces: ['argocd', 'platform'],
      teams: [
        {
          group: 'group:default/team-commerce',
          namespaces: ['commerce', 'commerce-batch'],
          vaultDatabaseConnections: ['orders-db'],
        },
      ],
    },
    environments: [
      {
        name: 'dev',
        cluster: 'dev-eu',
        argocd: {
          instance: 'main',
          destinationServer: 'https://dev.eks.example.com',
        },
        namespacePattern: '{team}',
        ingress: { className: 'alb', sourceRanges: ['10.0.0.0/16'] },
        vault: { kubernetesAuthMount: 'kubernetes-dev' },
        aws: { accountId: '111111111111', region: 'eu-west-1' },
        promotion: 'automatic',
        kafka: {
          clusterName: 'event-bus',
          bootstrapBrokers: ['b-1.bus-dev.kafka.eu-west-1.amazonaws.com:9098'],
          brokerCidrs: ['10.20.8.0/22'],
        },
      },
      {
        name: 'stage',
        cluster: 'stage-eu',
        argocd: { instance: 'main', destinationName: 'stage' },
        namespacePattern: '{team}',
        aws: { accountId: '111111111111', region: 'eu-west-1' },
      },
      {
        name: 'prod',
        cluster: 'prod-eu',
        argocd: {
          instance: 'prod',
          destinationServer: 'https://prod.eks.example.com',
        },
        namespacePattern: '{team}-{env}',
        ingress: {
          className: 'alb-internal',
          sourceRanges: ['10.1.0.0/16', '10.2.0.0/16'],
        },
        vault: { kubernetesAuthMount: 'kubernetes-prod' },
        aws: { accountId: '222222222222', region: 'eu-central-1' },
        kafka: {
          clusterName: 'event-bus',
          clusterArn:
            'arn:aws:kafka:eu-central-1:222222222222:cluster/event-bus/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-7',
          bootstrapBrokers: [
            'b-1.bus-prod.kafka.eu-central-1.amazonaws.com:9098',
            'b-2.bus-prod.kafka.eu-central-1.amazonaws.com:9098',
          ],
          brokerCidrs: ['10.22.8.0/22'],
        },
      },
    ],
    databases: [
      {
        connection: 'orders-db',
        environments: {
          dev: {
            host: 'orders-dev.db.example.com',
            name: 'orders',
            sslMode: 'require',
            cidrs: ['10.40.0.0/24'],
          },
          prod: {
            host: 'orders-prod.db.example.com',
            name: 'orders_prod',
            port: 6432,
            caBundle: 'rds-global',
            poolMax: 25,
            cidrs: ['10.42.0.0/23'],
          },
        },
      },
    ],
  },
});

function component(
  name: string,
  spec: Record<string, unknown>,
  annotations: Record<string, string> = { 'backstage.io/kubernetes-id': name },
  relations: Entity['relations'] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { lifecycle: 'production', ...spec },
    relations,
  };
}

/** Peers a form may pick, and the ones it must not. */
export const catalogEntities: Entity[] = [
  // Namespace annotation wins over the owner's.
  component(
    'checkout',
    { type: 'service', owner: 'team-commerce' },
    {
      'backstage.io/kubernetes-id': 'checkout',
      'backstage.io/kubernetes-namespace': 'shop',
    },
  ),
  // No namespace annotation: the owner's namespace in each environment.
  component(
    'storefront',
    { type: 'website', owner: 'group:default/team-storefront' },
    {
      'backstage.io/kubernetes-id': 'storefront-web',
      'eks.platform/port': '8080',
    },
  ),
  component(
    'inventory',
    { type: 'service', owner: 'team-commerce' },
    {
      'backstage.io/kubernetes-id': 'inventory',
    },
  ),
  component('docs-site', { type: 'documentation', owner: 'team-commerce' }),
  component('legacy-batch', { type: 'service', owner: 'team-commerce' }, {}),
  component(
    'bad-port',
    { type: 'service', owner: 'team-commerce' },
    {
      'backstage.io/kubernetes-id': 'bad-port',
      'eks.platform/port': '99999',
    },
  ),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'inventory-api', namespace: 'default' },
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner: 'team-commerce',
      definition: '{}',
    },
    relations: [
      { type: 'apiProvidedBy', targetRef: 'component:default/inventory' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'orphan-api', namespace: 'default' },
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner: 'team-commerce',
      definition: '{}',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'orders-db', namespace: 'default' },
    spec: { type: 'database', owner: 'team-commerce' },
  },
];
