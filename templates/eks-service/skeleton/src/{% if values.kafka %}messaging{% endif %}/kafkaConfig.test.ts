import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadKafkaConfig } from './kafkaConfig';

const chart = {
  KAFKA_BROKERS:
    'b-1.bus.kafka.eu-west-1.amazonaws.com:9098,b-2.bus.kafka.eu-west-1.amazonaws.com:9098',
  KAFKA_AUTH: 'aws-msk-iam',
  KAFKA_PRODUCE_TOPICS: 'payments.authorized',
  KAFKA_CONSUME_TOPICS: 'orders.created,orders.cancelled',
  KAFKA_CONSUMER_GROUP: 'payments-api',
  AWS_REGION: 'eu-west-1',
};

test('off without brokers, so local runs need no Kafka', () => {
  assert.equal(loadKafkaConfig({}, 'payments-api'), undefined);
});

test('reads what the chart sets', () => {
  assert.deepEqual(loadKafkaConfig(chart, 'payments-api'), {
    brokers: [
      'b-1.bus.kafka.eu-west-1.amazonaws.com:9098',
      'b-2.bus.kafka.eu-west-1.amazonaws.com:9098',
    ],
    clientId: 'payments-api',
    auth: 'aws-msk-iam',
    region: 'eu-west-1',
    produceTopics: ['payments.authorized'],
    consumeTopics: ['orders.created', 'orders.cancelled'],
    consumerGroup: 'payments-api',
  });
});

test('bad settings fail at start, naming the variable', () => {
  const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
    [{ ...chart, KAFKA_BROKERS: 'b-1:9098,http://evil' }, /KAFKA_BROKERS must be host:port/],
    [{ ...chart, KAFKA_AUTH: 'scram' }, /KAFKA_AUTH must be one of aws-msk-iam, none/],
    [{ ...chart, AWS_REGION: '' }, /AWS_REGION is required with KAFKA_AUTH=aws-msk-iam/],
    [{ ...chart, KAFKA_PRODUCE_TOPICS: 'orders.*' }, /KAFKA_PRODUCE_TOPICS has "orders\.\*"/],
    [{ ...chart, KAFKA_CONSUMER_GROUP: '' }, /KAFKA_CONSUMER_GROUP is required/],
    [
      { ...chart, KAFKA_PRODUCE_TOPICS: '', KAFKA_CONSUME_TOPICS: '' },
      /must name a topic when KAFKA_BROKERS is set/,
    ],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => loadKafkaConfig(env, 'payments-api'), message);
  }
});

test('plaintext brokers for local runs need no region', () => {
  const config = loadKafkaConfig(
    { KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_AUTH: 'none', KAFKA_PRODUCE_TOPICS: 'a' },
    'svc',
  );
  assert.equal(config?.auth, 'none');
  assert.equal(config?.region, undefined);
});
