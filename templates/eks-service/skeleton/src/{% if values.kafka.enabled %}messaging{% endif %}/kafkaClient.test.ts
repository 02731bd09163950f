import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createLogger } from '../logger';
import { kafkaClientOptions, mskIamTokenProvider } from './kafkaClient';
import type { KafkaConfig } from './kafkaConfig';

const lines: string[] = [];
const logger = createLogger('payments-api', 'debug', (line) => lines.push(line));
const dir = mkdtempSync(join(tmpdir(), 'vault-secrets-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const base: KafkaConfig = {
  brokers: ['b-1.bus.kafka.eu-central-1.amazonaws.com:9098'],
  clientId: 'payments-api-prod',
  auth: 'iam',
  ssl: true,
  region: 'eu-central-1',
  topics: ['payments.authorized'],
};

test('the MSK IAM token is a kafka-cluster:Connect request presigned with the AWS credentials, for the region', async () => {
  // Static credentials: the provider chain takes them from the environment,
  // and signing needs no network.
  process.env.AWS_ACCESS_KEY_ID = 'AKIAEXAMPLEPODROLE01';
  process.env.AWS_SECRET_ACCESS_KEY = 'example-secret-key-for-signing-only';
  process.env.AWS_SESSION_TOKEN = 'example-session-token';
  const options = await kafkaClientOptions(base, logger);
  assert.equal(options.ssl, true);
  assert.equal(options.sasl?.mechanism, 'oauthbearer');
  const { value } = await mskIamTokenProvider('eu-central-1')();
  const url = new URL(Buffer.from(value, 'base64url').toString('utf8'));
  assert.equal(url.protocol, 'https:');
  assert.equal(url.host, 'kafka.eu-central-1.amazonaws.com');
  assert.equal(url.searchParams.get('Action'), 'kafka-cluster:Connect');
  assert.equal(url.searchParams.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
  assert.match(
    url.searchParams.get('X-Amz-Credential') ?? '',
    /^AKIAEXAMPLEPODROLE01\/\d{8}\/eu-central-1\/kafka-cluster\/aws4_request$/,
  );
  assert.equal(url.searchParams.get('X-Amz-Security-Token'), 'example-session-token');
  assert.equal(url.searchParams.get('X-Amz-Expires'), '900');
  assert.match(url.searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
  assert.ok(!value.includes('example-secret-key'), 'the secret key never travels');
});

test('SCRAM takes the user from the Vault agent file and never quotes a bad one', async () => {
  const file = join(dir, 'kafka');
  writeFileSync(file, JSON.stringify({ username: 'payments-api', password: 'scram-secret-123' }));
  const options = await kafkaClientOptions(
    { ...base, auth: 'scram', saslCredentialsFile: file },
    logger,
  );
  assert.deepEqual(options.sasl, {
    mechanism: 'scram-sha-512',
    username: 'payments-api',
    password: 'scram-secret-123',
  });
  writeFileSync(file, '{"username":"payments-api","password":"scram-sec');
  await assert.rejects(
    kafkaClientOptions({ ...base, auth: 'scram', saslCredentialsFile: file }, logger),
    (error: Error) => {
      assert.match(
        error.message,
        /KAFKA_SASL_CREDENTIALS_FILE .* refused: file is not complete JSON/,
      );
      assert.ok(!error.message.includes('scram-sec'));
      return true;
    },
  );
  assert.ok(!lines.join('').includes('scram-secret-123'));
});

test('no authentication and no TLS only when asked for (local brokers)', async () => {
  const options = await kafkaClientOptions({ ...base, auth: 'none', ssl: false }, logger);
  assert.equal(options.ssl, false);
  assert.equal(options.sasl, undefined);
});
