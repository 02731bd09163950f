import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CredentialsFormatError, parseCredentials } from './credentials';

const SECRET = 'pa55-Secret-9f8e7d';

test('reads the document the Vault agent renders', () => {
  const credentials = parseCredentials(
    JSON.stringify({
      username: 'v-k8s-orders-rw-Xy12',
      password: SECRET,
      lease_id: 'database/creds/orders-rw/abc',
      lease_duration: 3600,
      renewable: true,
      future_field: 'ignored',
    }),
  );
  assert.deepEqual(credentials, {
    username: 'v-k8s-orders-rw-Xy12',
    password: SECRET,
    leaseId: 'database/creds/orders-rw/abc',
    leaseDurationSeconds: 3600,
  });
});

test('refuses anything but a complete, valid document, without quoting it', () => {
  const complete = JSON.stringify({ username: 'app', password: SECRET });
  const cases: Array<[string, RegExp]> = [
    [complete.slice(0, complete.length - 5), /not complete JSON/],
    ['', /not complete JSON/],
    ['[]', /JSON object/],
    ['null', /JSON object/],
    [JSON.stringify({ username: 'app' }), /"password" must be a non-empty string/],
    [JSON.stringify({ username: '', password: SECRET }), /"username"/],
    [JSON.stringify({ username: 'a'.repeat(64), password: SECRET }), /at most 63/],
    [JSON.stringify({ username: 'app\n', password: SECRET }), /printable/],
    [JSON.stringify({ username: 'app', password: 42 }), /"password"/],
    [JSON.stringify({ username: 'app', password: SECRET, lease_duration: -1 }), /lease_duration/],
    [JSON.stringify({ username: 'app', password: SECRET, lease_duration: '1h' }), /lease_duration/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseCredentials(text),
      (error: unknown) => {
        assert.ok(error instanceof CredentialsFormatError, `${text}: ${error}`);
        assert.match(error.message, message);
        assert.doesNotMatch(
          error.message,
          new RegExp(SECRET),
          'the message never quotes the secret',
        );
        return true;
      },
    );
  }
});
