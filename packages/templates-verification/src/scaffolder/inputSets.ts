/**
 * Form input sets the template must handle. "minimal" carries only what the
 * form requires (the backend applies no defaults), "full" every option.
 */
export type TemplateValues = Record<string, unknown>;

export const minimalValues: TemplateValues = {
  name: 'orders',
  description: 'Order intake service',
  owner: 'group:default/payments',
  system: 'system:default/commerce',
  language: 'nodejs-typescript',
  namespace: 'payments',
  environments: ['dev'],
  replicas: 3,
  pdbMinAvailable: 2,
  resourcePreset: 'small',
  autoscaling: true,
  hpaMinReplicas: 3,
  hpaMaxReplicas: 10,
  hpaCpuTarget: 70,
  hpaMemoryTarget: 80,
  ingressMode: 'none',
  awsAccountId: '123456789012',
  awsRegion: 'eu-west-1',
  repoUrl: '127.0.0.1:7130?owner=acme&repo=orders',
  gitopsRepoUrl: '127.0.0.1:7130?owner=platform&repo=gitops',
};

export const fullValues: TemplateValues = {
  ...minimalValues,
  name: 'payments-api',
  description: 'Payments API (card and wallet flows)',
  environments: ['dev', 'stage', 'prod'],
  replicas: 4,
  pdbMinAvailable: 3,
  resourcePreset: 'medium',
  cpu: '1500m',
  memory: '2Gi',
  hpaMinReplicas: 4,
  hpaMaxReplicas: 12,
  hpaCpuTarget: 60,
  hpaMemoryTarget: 75,
  istio: true,
  ingressMode: 'public',
  ingressHost: 'payments.example.com',
  certificateArn:
    'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
  allowedCallers: [
    { name: 'checkout' },
    { name: 'storefront', namespace: 'web' },
  ],
  vaultSecrets: ['payments-api/config', 'payments-api/stripe'],
  vaultDatabaseRole: 'payments-api-rw',
  vaultDatabaseConnection: 'payments-db',
  vaultDatabaseTemplate: 'readwrite',
  repoUrl: '127.0.0.1:7130?owner=acme&repo=payments-api',
  argocdInstance: 'main',
  // Messaging page: writes one topic, reads another (consumer group defaulted).
  messaging: 'kafka',
  kafkaCluster: 'event-bus',
  kafkaBrokers: [
    'b-1.eventbus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098',
    'b-2.eventbus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098',
  ],
  kafkaBrokerCidrs: ['10.20.8.0/22', '10.20.12.0/22'],
  kafkaProduceTopics: ['payments.authorized'],
  kafkaConsumeTopics: ['orders.created', 'orders.cancelled'],
};

export const internalIngressValues: TemplateValues = {
  ...minimalValues,
  name: 'ledger',
  environments: ['dev', 'stage'],
  autoscaling: false,
  ingressMode: 'internal',
  ingressHost: 'ledger.internal.example.com',
  certificateArn:
    'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  vaultSecrets: ['ledger/config'],
  repoUrl: 'github.com?owner=acme&repo=ledger',
  gitopsRepoUrl: 'github.com?owner=acme&repo=gitops',
  // Messaging page: a producer only, so no consumer group.
  messaging: 'kafka',
  kafkaCluster: 'ledger-bus',
  kafkaBrokers: ['b-1.ledgerbus.xyz789.c2.kafka.eu-west-1.amazonaws.com:9098'],
  kafkaBrokerCidrs: ['10.30.0.0/20'],
  kafkaProduceTopics: ['ledger.entries'],
};

export const inputSets: Record<string, TemplateValues> = {
  minimal: minimalValues,
  full: fullValues,
  internalIngress: internalIngressValues,
};
