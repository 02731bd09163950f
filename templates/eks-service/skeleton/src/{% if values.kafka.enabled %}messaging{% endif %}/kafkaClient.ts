import { readFile } from 'node:fs/promises';
import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';
import { Kafka, type KafkaConfig as KafkaJsConfig, type LogEntry, logLevel } from 'kafkajs';
import { CredentialsFormatError, parseCredentials } from '../database/credentials';
import type { Logger } from '../logger';
import type { KafkaConfig } from './kafkaConfig';

/**
 * SASL OAUTHBEARER tokens for Amazon MSK IAM access control: a presigned
 * kafka-cluster:Connect request, signed with the default AWS credentials,
 * which on EKS are the pod's IRSA role. kafkajs asks again on every
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

/** SCRAM user and password from the Vault agent's file; errors never quote it. */
async function scramCredentials(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(
      `KAFKA_SASL_CREDENTIALS_FILE ${file} is unreadable (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  try {
    return parseCredentials(text);
  } catch (error) {
    if (error instanceof CredentialsFormatError) {
      throw new Error(`KAFKA_SASL_CREDENTIALS_FILE ${file} refused: ${error.message}`);
    }
    throw error;
  }
}

/** The kafkajs settings for our config: TLS and SASL per KAFKA_AUTH and KAFKA_SSL. */
export async function kafkaClientOptions(
  config: KafkaConfig,
  logger: Logger,
): Promise<KafkaJsConfig> {
  const options: KafkaJsConfig = {
    clientId: config.clientId,
    brokers: config.brokers,
    ssl: config.ssl,
    connectionTimeout: 5000,
    requestTimeout: 30000,
    logLevel: logLevel.WARN,
    logCreator: logCreator(logger),
  };
  if (config.auth === 'iam') {
    if (!config.region) {
      throw new Error('MSK IAM authentication needs a region');
    }
    options.sasl = {
      mechanism: 'oauthbearer',
      oauthBearerProvider: mskIamTokenProvider(config.region),
    };
  } else if (config.auth === 'scram') {
    if (!config.saslCredentialsFile) {
      throw new Error('SCRAM authentication needs KAFKA_SASL_CREDENTIALS_FILE');
    }
    const { username, password } = await scramCredentials(config.saslCredentialsFile);
    options.sasl = { mechanism: 'scram-sha-512', username, password };
  }
  return options;
}

export async function createKafka(config: KafkaConfig, logger: Logger): Promise<Kafka> {
  return new Kafka(await kafkaClientOptions(config, logger));
}
