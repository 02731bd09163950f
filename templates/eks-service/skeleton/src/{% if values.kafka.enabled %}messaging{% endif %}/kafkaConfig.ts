/**
 * Kafka client settings, read from the environment the chart sets when
 * `kafka.enabled` (chart/README.md, "Messaging"). Without KAFKA_BROKERS the
 * service runs without Kafka (local runs).
 */
export type KafkaAuth = 'iam' | 'scram' | 'none';
const AUTH_MODES: readonly KafkaAuth[] = ['iam', 'scram', 'none'];

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  /**
   * iam: SASL OAUTHBEARER with tokens signed by the pod's IAM role (Amazon
   * MSK IAM access control); scram: SASL/SCRAM-SHA-512 with the user in
   * saslCredentialsFile; none: no authentication (local brokers only).
   */
  auth: KafkaAuth;
  ssl: boolean;
  /** Region the MSK IAM token is signed for. */
  region?: string;
  /** JSON {"username","password"} rendered by the Vault agent (scram). */
  saslCredentialsFile?: string;
  /** Every topic the service uses; it reads those with a handler (handlers.ts). */
  topics: string[];
  /** Needed as soon as the service reads a topic. */
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
  const auth = (env.KAFKA_AUTH || 'iam') as KafkaAuth;
  if (!AUTH_MODES.includes(auth)) {
    throw new Error(`KAFKA_AUTH must be one of ${AUTH_MODES.join(', ')}, got "${env.KAFKA_AUTH}"`);
  }
  const sslText = env.KAFKA_SSL || 'true';
  if (sslText !== 'true' && sslText !== 'false') {
    throw new Error(`KAFKA_SSL must be true or false, got "${env.KAFKA_SSL}"`);
  }
  const ssl = sslText === 'true';
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  if (auth === 'iam' && (!region || !ssl)) {
    throw new Error(
      'KAFKA_AUTH=iam needs AWS_REGION (the token is signed for it) and KAFKA_SSL=true (MSK serves IAM over TLS only)',
    );
  }
  const saslCredentialsFile = env.KAFKA_SASL_CREDENTIALS_FILE || undefined;
  if (auth === 'scram' && !saslCredentialsFile) {
    throw new Error('KAFKA_AUTH=scram needs KAFKA_SASL_CREDENTIALS_FILE');
  }
  const topics = list(env.KAFKA_TOPICS);
  if (topics.length === 0) {
    throw new Error('KAFKA_TOPICS must name the topics the service uses when KAFKA_BROKERS is set');
  }
  for (const topic of topics) {
    if (!NAME.test(topic)) {
      throw new Error(`KAFKA_TOPICS has "${topic}", which is not a Kafka topic name`);
    }
  }
  const consumerGroup = env.KAFKA_CONSUMER_GROUP || undefined;
  if (consumerGroup && !NAME.test(consumerGroup)) {
    throw new Error(`KAFKA_CONSUMER_GROUP "${consumerGroup}" is not a Kafka group name`);
  }
  return {
    brokers,
    clientId: env.KAFKA_CLIENT_ID || serviceName,
    auth,
    ssl,
    region,
    saslCredentialsFile,
    topics,
    consumerGroup,
  };
}
