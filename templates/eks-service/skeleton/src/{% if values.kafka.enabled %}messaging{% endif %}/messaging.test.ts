import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { Kafka, logLevel } from 'kafkajs';
import { createLogger } from '../logger';
import { startTracing } from '../telemetry/tracing';
import type { KafkaConfig } from './kafkaConfig';
import { type ReceivedMessage, startMessaging } from './messaging';

const exporter = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'payments-api', exporter });
const quiet = createLogger('payments-api', 'error', () => {});

/**
 * A real Kafka protocol endpoint: the platform's template verification runs
 * a broker and sets TEST_KAFKA_BROKERS for this suite.
 */
const brokers = process.env.TEST_KAFKA_BROKERS;

const offline: KafkaConfig = {
  brokers: ['127.0.0.1:9'],
  clientId: 'payments-api',
  auth: 'none',
  ssl: false,
  topics: ['payments.authorized'],
  consumerGroup: 'payments-api',
};
const handle = async () => {};

test('a handler for an undeclared topic, or without a consumer group, stops the start before any connection', async () => {
  await assert.rejects(
    startMessaging({
      config: offline,
      logger: quiet,
      tracer: tracing.tracer,
      handlers: [{ topic: 'orders.created', handle }],
    }),
    /handlers for topics not in KAFKA_TOPICS: orders\.created \(src\/messaging\/handlers\.ts\)/,
  );
  await assert.rejects(
    startMessaging({
      config: { ...offline, consumerGroup: undefined },
      logger: quiet,
      tracer: tracing.tracer,
      handlers: [{ topic: 'payments.authorized', handle }],
    }),
    /KAFKA_CONSUMER_GROUP is required to read payments\.authorized/,
  );
  await assert.rejects(
    startMessaging({
      config: offline,
      logger: quiet,
      tracer: tracing.tracer,
      handlers: [
        { topic: 'payments.authorized', handle },
        { topic: 'payments.authorized', handle },
      ],
    }),
    /two handlers for topic payments\.authorized/,
  );
});

test(
  'a published message reaches the consumer group with the trace context of the sender',
  {
    skip: brokers ? false : 'TEST_KAFKA_BROKERS is not set (no Kafka broker to test against)',
    timeout: 60_000,
  },
  async () => {
    const suffix = randomBytes(4).toString('hex');
    const topic = `orders.created.${suffix}`;
    const config: KafkaConfig = {
      brokers: String(brokers).split(','),
      clientId: 'payments-api',
      auth: 'none',
      ssl: false,
      topics: [topic],
      consumerGroup: `payments-api-${suffix}`,
    };
    // The event bus owns topic creation; here the test plays its part.
    const admin = new Kafka({ brokers: config.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();

    let deliver: (message: ReceivedMessage) => void = () => {};
    const received = new Promise<ReceivedMessage>((resolve) => {
      deliver = resolve;
    });
    const messaging = await startMessaging({
      config,
      logger: quiet,
      tracer: tracing.tracer,
      handlers: [{ topic, handle: async (message) => deliver(message) }],
    });
    try {
      await assert.rejects(
        messaging.publish('payments.refunded', [{ value: 'x' }]),
        /"payments\.refunded" is not a topic of this service \(KAFKA_TOPICS: orders\.created\./,
      );
      const sender = await tracing.tracer.startActiveSpan('checkout', async (span) => {
        await messaging.publish(topic, [{ key: 'order-1', value: '{"id":"order-1"}' }]);
        span.end();
        return span.spanContext();
      });
      const message = await received;
      assert.equal(message.key, 'order-1');
      assert.equal(message.value?.toString(), '{"id":"order-1"}');
      assert.match(
        message.headers.traceparent ?? '',
        new RegExp(`^00-${sender.traceId}-[0-9a-f]{16}-01$`),
      );

      // The consumer span ends when the handler has returned: wait for it.
      const finished = async (name: string) => {
        for (let i = 0; i < 100; i++) {
          await tracing.forceFlush();
          const span = exporter.getFinishedSpans().find((s) => s.name === name);
          if (span) return span;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.fail(`no span ${name}`);
      };
      const send = await finished(`send ${topic}`);
      const processed = await finished(`process ${topic}`);
      assert.equal(send.kind, SpanKind.PRODUCER);
      assert.equal(send.parentSpanContext?.spanId, sender.spanId);
      assert.equal(processed.kind, SpanKind.CONSUMER);
      assert.equal(processed.spanContext().traceId, sender.traceId, 'one trace across Kafka');
      assert.equal(processed.parentSpanContext?.spanId, send.spanContext().spanId);
      assert.equal(processed.attributes['messaging.consumer.group.name'], config.consumerGroup);
    } finally {
      await messaging.stop();
    }
  },
);

test('stop', async () => {
  await tracing.shutdown();
});
