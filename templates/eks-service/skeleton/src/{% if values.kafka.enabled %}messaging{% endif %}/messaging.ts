import {
  type Context,
  SpanKind,
  type SpanOptions,
  SpanStatusCode,
  type Tracer,
  context,
  propagation,
} from '@opentelemetry/api';
import { type Consumer, type IHeaders, type Kafka, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from '../logger';
import { createKafka } from './kafkaClient';
import type { KafkaConfig } from './kafkaConfig';

export interface OutgoingMessage {
  key?: string;
  value: string | Buffer;
  headers?: Record<string, string>;
}

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Handles one message; a rejection makes kafkajs retry it (at-least-once). */
export type MessageHandler = (message: ReceivedMessage) => Promise<void>;

export interface TopicHandler {
  topic: string;
  handle: MessageHandler;
}

export interface Messaging {
  /** Writes messages to one of KAFKA_TOPICS, with the active trace context in their headers. */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  /** Leaves the consumer group and closes the connections. */
  stop(): Promise<void>;
}

export interface MessagingOptions {
  config: KafkaConfig;
  logger: Logger;
  tracer: Tracer;
  /** The topics the service reads, each with its handler (handlers.ts). */
  handlers: TopicHandler[];
  /** Replaces the client built from config (tests). */
  kafka?: Kafka;
}

/**
 * Runs `work` in a span of the given kind under `parent`; a failure marks
 * the span as an error and is rethrown.
 */
function inSpan(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  parent: Context,
  work: () => Promise<void>,
): Promise<void> {
  return tracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

function headerText(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) {
      text[name] = first.toString();
    }
  }
  return text;
}

/**
 * The service's producer and consumer, limited to the topics it declared:
 * the same lists its IAM policy grants (infra/runtime), so a mistake shows up
 * here with a clear message instead of as an authorization error from MSK.
 * Checks everything it can before connecting.
 */
export async function startMessaging(options: MessagingOptions): Promise<Messaging> {
  const { config, logger, tracer } = options;
  const handlers = new Map<string, MessageHandler>();
  for (const { topic, handle } of options.handlers) {
    if (handlers.has(topic)) {
      throw new Error(`two handlers for topic ${topic} (src/messaging/handlers.ts)`);
    }
    handlers.set(topic, handle);
  }
  const consumed = [...handlers.keys()];
  const undeclared = consumed.filter((topic) => !config.topics.includes(topic));
  if (undeclared.length > 0) {
    throw new Error(
      `handlers for topics not in KAFKA_TOPICS: ${undeclared.join(', ')} (src/messaging/handlers.ts)`,
    );
  }
  if (consumed.length > 0 && !config.consumerGroup) {
    throw new Error(`KAFKA_CONSUMER_GROUP is required to read ${consumed.join(', ')}`);
  }
  const kafka = options.kafka ?? (await createKafka(config, logger));

  const producer: Producer = kafka.producer({
    allowAutoTopicCreation: false,
    // kafkajs 2's default (murmur2, as the Java client), said explicitly so it does not warn.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();

  let consumer: Consumer | undefined;
  if (consumed.length > 0 && config.consumerGroup) {
    consumer = kafka.consumer({ groupId: config.consumerGroup, allowAutoTopicCreation: false });
    await consumer.connect();
    // A new group starts at the earliest retained message, so nothing sent
    // before the service's first start is lost; afterwards the group's
    // committed offsets decide. Handlers must be idempotent either way:
    // delivery is at least once.
    await consumer.subscribe({ topics: consumed, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers = headerText(message.headers);
        const parent: Context = propagation.extract(context.active(), headers);
        await inSpan(
          tracer,
          `process ${topic}`,
          {
            kind: SpanKind.CONSUMER,
            attributes: {
              'messaging.system': 'kafka',
              'messaging.operation.type': 'process',
              'messaging.destination.name': topic,
              'messaging.destination.partition.id': String(partition),
              'messaging.kafka.offset': Number(message.offset),
              'messaging.consumer.group.name': config.consumerGroup,
            },
          },
          parent,
          async () => {
            try {
              await handlers.get(topic)?.({
                topic,
                partition,
                offset: message.offset,
                key: message.key?.toString() ?? null,
                value: message.value,
                headers,
              });
            } catch (error) {
              logger.error('message handler failed; kafkajs retries it', {
                topic,
                partition,
                offset: message.offset,
                error,
              });
              throw error;
            }
          },
        );
      },
    });
  }
  logger.info('kafka connected', {
    brokers: config.brokers.length,
    auth: config.auth,
    topics: config.topics,
    consumes: consumed,
    group: config.consumerGroup,
  });

  return {
    async publish(topic, messages) {
      if (!config.topics.includes(topic)) {
        throw new Error(
          `"${topic}" is not a topic of this service (KAFKA_TOPICS: ${config.topics.join(', ')})`,
        );
      }
      await inSpan(
        tracer,
        `send ${topic}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.destination.name': topic,
            'messaging.batch.message_count': messages.length,
          },
        },
        context.active(),
        async () => {
          await producer.send({
            topic,
            messages: messages.map((message) => {
              const headers: Record<string, string> = { ...message.headers };
              propagation.inject(context.active(), headers);
              return { key: message.key, value: message.value, headers };
            }),
          });
        },
      );
    },
    async stop() {
      await consumer?.disconnect();
      await producer.disconnect();
    },
  };
}
