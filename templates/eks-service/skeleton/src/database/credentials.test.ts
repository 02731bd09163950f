import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CredentialsFormatError, parseCredentials } from './credentials';

const SECRET = 'pa55-Secret-9f8e7d';

test('reads the document the Vault agent renders (chart/vault/database.json.ctmpl)', () => {
  const credentials = parseCredentials(
    '{"username":"v-k8s-orders-rw-Xy12","password":"pa55-Secret-9f8e7d","ttl":3600,"issuedAt":"2026-11-30T10:00:00Z","future_field":"ignored"}',
  );
  assert.deepEqual(credentials, {
    username: 'v-k8s-orders-rw-Xy12',
    password: SECRET,
    expiresAt: new Date('2026-11-30T11:00:00Z'),
  });
  assert.equal(
    parseCredentials(JSON.stringify({ username: 'a', password: 'b' })).expiresAt,
    undefined,
  );
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
    [
      JSON.stringify({
        username: 'app',
        password: SECRET,
        ttl: -1,
        issuedAt: '2026-11-30T10:00:00Z',
      }),
      /"ttl"/,
    ],
    [
      JSON.stringify({
        username: 'app',
        password: SECRET,
        ttl: '1h',
        issuedAt: '2026-11-30T10:00:00Z',
      }),
      /"ttl"/,
    ],
    [
      JSON.stringify({ username: 'app', password: SECRET, ttl: 60 }),
      /"issuedAt" must be an RFC 3339 time/,
    ],
    [
      JSON.stringify({ username: 'app', password: SECRET, ttl: 60, issuedAt: 'yesterday' }),
      /"issuedAt"/,
    ],
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
