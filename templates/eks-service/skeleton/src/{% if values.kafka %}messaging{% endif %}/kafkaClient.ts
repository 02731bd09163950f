import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';
import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import type { Logger } from '../logger';
import type { KafkaConfig } from './kafkaConfig';

/**
 * SASL OAUTHBEARER tokens for Amazon MSK IAM access control: a presigned
 * kafka-cluster:Connect request, signed with the default AWS credentials,
 * which on EKS are the pod's Pod Identity role. kafkajs asks again on every
 * (re)authentication, and the AWS SDK refreshes the role's credentials.
 */
export function mskIamTokenProvider(region: string): () => Promise<{ value: string }> {
  return async () => {
    const { token } = await generateAuthToken({ region });
    return { value: token };
  };
}

/** kafkajs' own log lines, as our JSON lines (warnings and errors only). */
function logCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const entry = { ...fields, component: 'kafkajs' };
      if (level === logLevel.ERROR || level === logLevel.NOTHING) {
        logger.error(message, entry);
      } else if (level === logLevel.WARN) {
        logger.warn(message, entry);
      } else {
        logger.debug(message, entry);
      }
    };
}

export function createKafka(config: KafkaConfig, logger: Logger): Kafka {
  const iam = config.auth === 'aws-msk-iam';
  if (iam && !config.region) {
    throw new Error('MSK IAM authentication needs a region');
  }
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    // MSK's IAM listener (port 9098) is TLS only.
    ssl: iam,
    sasl:
      iam && config.region
        ? { mechanism: 'oauthbearer', oauthBearerProvider: mskIamTokenProvider(config.region) }
        : undefined,
    connectionTimeout: 5000,
    requestTimeout: 30000,
    logLevel: logLevel.WARN,
    logCreator: logCreator(logger),
  });
}
