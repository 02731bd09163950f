import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from './config';

test('defaults serve local runs', () => {
  const config = loadConfig({});
  assert.equal(config.port, 8080);
  assert.equal(config.otlpTracesEndpoint, undefined);
  assert.equal(config.logLevel, 'info');
});

test('the OTLP base endpoint gets the traces path appended', () => {
  const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' });
  assert.equal(config.otlpTracesEndpoint, 'http://collector:4318/v1/traces');
});

test('the traces endpoint is used as is', () => {
  const config = loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom' });
  assert.equal(config.otlpTracesEndpoint, 'http://c:4318/custom');
});

test('bad values fail with the variable name', () => {
  assert.throws(() => loadConfig({ PORT: 'http' }), /PORT must be an integer/);
  assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL must be one of/);
});

test('the database is configured only with a credentials file, and then needs its host and name', () => {
  assert.equal(loadConfig({}).database, undefined);
  assert.throws(
    () => loadConfig({ DATABASE_CREDENTIALS_FILE: '/vault/secrets/database.json' }),
    /DATABASE_HOST is required when DATABASE_CREDENTIALS_FILE is set/,
  );
  const config = loadConfig({
    DATABASE_CREDENTIALS_FILE: '/vault/secrets/database.json',
    DATABASE_HOST: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com',
    DATABASE_NAME: 'orders',
  });
  assert.deepEqual(config.database, {
    credentialsFile: '/vault/secrets/database.json',
    host: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com',
    port: 5432,
    database: 'orders',
    sslMode: 'verify-full',
    sslCaFile: undefined,
    poolMax: 10,
    credentialsPollMs: 5000,
  });
  assert.throws(
    () =>
      loadConfig({
        DATABASE_CREDENTIALS_FILE: '/f',
        DATABASE_HOST: 'h',
        DATABASE_NAME: 'n',
        DATABASE_SSL_MODE: 'prefer',
      }),
    /DATABASE_SSL_MODE must be one of verify-full, require, disable/,
  );
});

test('a malformed OTEL_RESOURCE_ATTRIBUTES stops the start instead of vanishing silently', () => {
  assert.doesNotThrow(() =>
    loadConfig({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.version=1.2.3' }),
  );
  assert.throws(
    () => loadConfig({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,oops' }),
    /OTEL_RESOURCE_ATTRIBUTES must be key=value pairs.*"oops"/,
  );
  assert.throws(
    () => loadConfig({ OTEL_RESOURCE_ATTRIBUTES: 'team=a=b' }),
    /OTEL_RESOURCE_ATTRIBUTES must be key=value pairs/,
  );
  assert.throws(
    () => loadConfig({ OTEL_RESOURCE_ATTRIBUTES: 'team=%E0%A4%A' }),
    /bad percent-encoding in "team"/,
  );
});

test('a metrics port of its own, different from the API port', () => {
  assert.equal(loadConfig({}).metricsPort, undefined);
  assert.equal(loadConfig({ PORT: '8080', METRICS_PORT: '9464' }).metricsPort, 9464);
  assert.throws(
    () => loadConfig({ PORT: '8080', METRICS_PORT: '8080' }),
    /METRICS_PORT must differ from PORT/,
  );
  assert.throws(() => loadConfig({ METRICS_PORT: 'x' }), /METRICS_PORT must be an integer/);
});
