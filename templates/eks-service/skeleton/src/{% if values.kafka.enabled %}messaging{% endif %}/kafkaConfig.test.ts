import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadKafkaConfig } from './kafkaConfig';

// What the chart's ConfigMap sets with kafka.enabled (and AWS_REGION from awsRegion).
const chart = {
  KAFKA_BROKERS:
    'b-1.bus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098,b-2.bus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098',
  KAFKA_TOPICS: 'payments.authorized,orders.created',
  KAFKA_CONSUMER_GROUP: 'payments-api',
  KAFKA_CLIENT_ID: 'payments-api-prod',
  KAFKA_AUTH: 'iam',
  KAFKA_SSL: 'true',
  AWS_REGION: 'eu-west-1',
};

test('off without brokers, so local runs need no Kafka', () => {
  assert.equal(loadKafkaConfig({}, 'payments-api'), undefined);
});

test('reads what the chart sets', () => {
  assert.deepEqual(loadKafkaConfig(chart, 'payments-api'), {
    brokers: [
      'b-1.bus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098',
      'b-2.bus.abc123.c7.kafka.eu-west-1.amazonaws.com:9098',
    ],
    clientId: 'payments-api-prod',
    auth: 'iam',
    ssl: true,
    region: 'eu-west-1',
    saslCredentialsFile: undefined,
    topics: ['payments.authorized', 'orders.created'],
    consumerGroup: 'payments-api',
  });
});

test('bad settings fail at start, naming the variable', () => {
  const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
    [{ ...chart, KAFKA_BROKERS: 'b-1:9098,http://evil' }, /KAFKA_BROKERS must be host:port/],
    [{ ...chart, KAFKA_AUTH: 'plain' }, /KAFKA_AUTH must be one of iam, scram, none/],
    [{ ...chart, AWS_REGION: '' }, /KAFKA_AUTH=iam needs AWS_REGION/],
    [{ ...chart, KAFKA_SSL: 'false' }, /KAFKA_SSL=true \(MSK serves IAM over TLS only\)/],
    [{ ...chart, KAFKA_SSL: 'yes' }, /KAFKA_SSL must be true or false/],
    [{ ...chart, KAFKA_AUTH: 'scram' }, /KAFKA_AUTH=scram needs KAFKA_SASL_CREDENTIALS_FILE/],
    [{ ...chart, KAFKA_TOPICS: 'orders.*' }, /KAFKA_TOPICS has "orders\.\*"/],
    [{ ...chart, KAFKA_TOPICS: '' }, /KAFKA_TOPICS must name the topics/],
    [
      { ...chart, KAFKA_CONSUMER_GROUP: 'a b' },
      /KAFKA_CONSUMER_GROUP "a b" is not a Kafka group name/,
    ],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => loadKafkaConfig(env, 'payments-api'), message);
  }
});

test('a producer needs no consumer group, and the client id defaults to the service', () => {
  const config = loadKafkaConfig(
    { ...chart, KAFKA_CONSUMER_GROUP: '', KAFKA_CLIENT_ID: '' },
    'ledger',
  );
  assert.equal(config?.consumerGroup, undefined);
  assert.equal(config?.clientId, 'ledger');
});
