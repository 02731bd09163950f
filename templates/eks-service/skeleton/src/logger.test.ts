import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from './logger';

test('writes one JSON object per line and honours the level', () => {
  const lines: string[] = [];
  const logger = createLogger('orders', 'info', (line) => lines.push(line));
  logger.debug('hidden');
  logger.info('hello', { user: 'a"b' });
  logger.error('failed', { error: new Error('boom') });
  assert.equal(lines.length, 2);
  assert.ok(lines.every((line) => line.endsWith('\n')));
  const first = JSON.parse(lines[0] ?? '');
  assert.equal(first.level, 'info');
  assert.equal(first.service, 'orders');
  assert.equal(first.user, 'a"b');
  assert.deepEqual(JSON.parse(lines[1] ?? '').error, { name: 'Error', message: 'boom' });
});
