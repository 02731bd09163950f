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
