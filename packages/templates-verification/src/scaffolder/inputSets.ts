/**
 * Form input sets the template must handle. "minimal" carries only what the
 * form requires (the backend applies no defaults), "full" every option.
 *
 * The keys of PLATFORM_FACTS are not form fields: eks:platform:resolve
 * derives them from the verification's platform config (platformTrust.ts:
 * team payments owns namespace payments; eksPlatform.ecr is account
 * 123456789012 in eu-west-1). They stay in the sets as the values the
 * checks expect in the generated files; `formValues` leaves them out of
 * what the form sends.
 */
export type TemplateValues = Record<string, unknown>;

export const PLATFORM_FACTS = [
  'namespace',
  'awsAccountId',
  'awsRegion',
  // eksPlatform.environments[].kafka (platformTrust.ts's PLATFORM_KAFKA).
  'kafkaCluster',
  'kafkaBrokers',
  'kafkaBrokerCidrs',
];

/** What the form sends for an input set: everything but the platform's facts. */
export function formValues(values: TemplateValues): TemplateValues {
  return Object.fromEntries(
    Object.entries(values).filter(([key]) => !PLATFORM_FACTS.includes(key)),
  );
}

export const minimalValues: TemplateValues = {
  name: 'orders',
  description: 'Order intake service',
  owner: 'group:default/payments',
  system: 'system:default/commerce',
  lifecycle: 'experimental',
  language: 'nodejs-typescript',
  namespace: 'payments',
  environments: ['dev'],
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
};

export const fullValues: TemplateValues = {
  ...minimalValues,
  name: 'payments-api',
  description: 'Payments API (card and wallet flows)',
  lifecycle: 'production',
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
  // Picked in the catalog (dryRunBackend's catalog): checkout runs in its
  // owner's namespace (payments), storefront in its annotated one (web).
  allowedCallers: [
    'component:default/checkout',
    'component:default/storefront',
  ],
  dependencies: ['api:default/ledger-api'],
  vaultSecrets: ['payments-api/config', 'payments-api/stripe'],
  vaultDatabaseRole: 'payments-api-rw',
  vaultDatabaseConnection: 'payments-db',
  vaultDatabaseTemplate: 'readwrite',
  repoUrl: '127.0.0.1:7130?owner=acme&repo=payments-api',
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
  replicas: 3,
  hpaMinReplicas: undefined,
  hpaMaxReplicas: undefined,
  hpaCpuTarget: undefined,
  hpaMemoryTarget: undefined,
  ingressMode: 'internal',
  ingressHost: 'ledger.internal.example.com',
  certificateArn:
    'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  vaultSecrets: ['ledger/config'],
  repoUrl: 'github.com?owner=acme&repo=ledger',
  // Messaging page: a producer only, so no consumer group.
  messaging: 'kafka',
  kafkaCluster: fullValues.kafkaCluster,
  kafkaBrokers: fullValues.kafkaBrokers,
  kafkaBrokerCidrs: fullValues.kafkaBrokerCidrs,
  kafkaProduceTopics: ['ledger.entries'],
};

export const inputSets: Record<string, TemplateValues> = {
  minimal: minimalValues,
  full: fullValues,
  internalIngress: internalIngressValues,
};
