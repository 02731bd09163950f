/**
 * Kafka client settings, read from the environment the chart sets when
 * `kafka.enabled` (chart values kafka.brokers, kafka.topics, kafka.consumerGroup,
 * kafka.auth). Without KAFKA_BROKERS the service runs without Kafka (local runs).
 */
export type KafkaAuth = 'aws-msk-iam' | 'none';
const AUTH_MODES: readonly KafkaAuth[] = ['aws-msk-iam', 'none'];

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  /** aws-msk-iam: TLS and SASL OAUTHBEARER signed with the pod's IAM role; none: plaintext (local brokers only). */
  auth: KafkaAuth;
  /** Region the MSK IAM token is signed for. */
  region?: string;
  /** Topics this service writes; publishing elsewhere is refused (the IAM policy would refuse it too). */
  produceTopics: string[];
  /** Topics this service reads, each with a handler in handlers.ts. */
  consumeTopics: string[];
  consumerGroup?: string;
}

const BROKER = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?:[0-9]{1,5}$/;
// Kafka's legal topic and group characters; no wildcards.
const NAME = /^[A-Za-z0-9._-]{1,249}$/;

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function names(env: NodeJS.ProcessEnv, variable: string): string[] {
  const values = list(env[variable]);
  for (const value of values) {
    if (!NAME.test(value)) {
      throw new Error(`${variable} has "${value}", which is not a Kafka topic name`);
    }
  }
  return values;
}

export function loadKafkaConfig(
  env: NodeJS.ProcessEnv,
  serviceName: string,
): KafkaConfig | undefined {
  const brokers = list(env.KAFKA_BROKERS);
  if (brokers.length === 0) {
    return undefined;
  }
  for (const broker of brokers) {
    if (!BROKER.test(broker)) {
      throw new Error(
        `KAFKA_BROKERS must be host:port entries separated by commas, got "${broker}"`,
      );
    }
  }
  const auth = (env.KAFKA_AUTH || 'aws-msk-iam') as KafkaAuth;
  if (!AUTH_MODES.includes(auth)) {
    throw new Error(`KAFKA_AUTH must be one of ${AUTH_MODES.join(', ')}, got "${env.KAFKA_AUTH}"`);
  }
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  if (auth === 'aws-msk-iam' && !region) {
    throw new Error(
      'AWS_REGION is required with KAFKA_AUTH=aws-msk-iam (the token is signed for it)',
    );
  }
  const produceTopics = names(env, 'KAFKA_PRODUCE_TOPICS');
  const consumeTopics = names(env, 'KAFKA_CONSUME_TOPICS');
  if (produceTopics.length + consumeTopics.length === 0) {
    throw new Error(
      'KAFKA_PRODUCE_TOPICS or KAFKA_CONSUME_TOPICS must name a topic when KAFKA_BROKERS is set',
    );
  }
  const consumerGroup = env.KAFKA_CONSUMER_GROUP || undefined;
  if (consumeTopics.length > 0 && !consumerGroup) {
    throw new Error('KAFKA_CONSUMER_GROUP is required when KAFKA_CONSUME_TOPICS is set');
  }
  if (consumerGroup && !NAME.test(consumerGroup)) {
    throw new Error(`KAFKA_CONSUMER_GROUP "${consumerGroup}" is not a Kafka group name`);
  }
  return {
    brokers,
    clientId: env.KAFKA_CLIENT_ID || serviceName,
    auth,
    region,
    produceTopics,
    consumeTopics,
    consumerGroup,
  };
}
