import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mskIamTokenProvider } from './kafkaClient';

test('the MSK IAM token is a kafka-cluster:Connect request presigned with the AWS credentials, for the region', async () => {
  // Static credentials: the provider chain takes them from the environment,
  // and signing needs no network.
  process.env.AWS_ACCESS_KEY_ID = 'AKIAEXAMPLEPODROLE01';
  process.env.AWS_SECRET_ACCESS_KEY = 'example-secret-key-for-signing-only';
  process.env.AWS_SESSION_TOKEN = 'example-session-token';
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
