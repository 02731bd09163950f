// The test summary must count right even when tests fail. Reproduces the
// crash of `jest --json` on a failed test whose error is circular (the
// summary then said "0 passed, 1 failed") and proves the summary reporter
// that replaced it counts such a run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { jestCounts, tapCounts } from './test-suite.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const JEST = resolve(
  HERE,
  '..',
  '..',
  'node_modules',
  'jest',
  'bin',
  'jest.js',
);

const FAILING_SUITE = `
test('passes', () => expect(1).toBe(1));
test('fails plainly', () => expect(1).toBe(2));
test('fails with an error that refers to itself', () => {
  const error = new Error('upstream said no');
  error.self = error;
  error.response = { request: {} };
  error.response.request.response = error.response;
  throw error;
});
test.skip('skipped', () => {});
test.todo('todo');
`;

describe('a failing jest run', () => {
  let dir;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'jest-summary-'));
    writeFileSync(join(dir, 'failing.test.js'), FAILING_SUITE);
    writeFileSync(
      join(dir, 'broken.test.js'),
      'require("./does-not-exist");\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const jest = (args, env = {}) =>
    spawnSync(
      process.execPath,
      [JEST, '--rootDir', dir, '--ci', '--config', '{"transform":{}}', ...args],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, ...env },
      },
    );

  it('crashes `jest --json` (the old way): no report, so the summary could not count', () => {
    const r = jest(['--json', `--outputFile=${join(dir, 'jest.json')}`]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Converting circular structure to JSON/);
    assert.equal(existsSync(join(dir, 'jest.json')), false);
  });

  it('is counted right by the summary reporter', () => {
    const file = join(dir, 'summary.json');
    const r = jest(
      [
        '--reporters=default',
        `--reporters=${join(HERE, 'jest-summary-reporter.cjs')}`,
      ],
      {
        EKS_JEST_SUMMARY_FILE: file,
      },
    );
    assert.notEqual(r.status, 0);
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(jestCounts(summary, false), {
      passed: 1,
      failed: 3,
      skipped: 2,
    });
    assert.deepEqual(summary.failures.map(f => f.test).sort(), [
      '(the test file failed to run)',
      'fails plainly',
      'fails with an error that refers to itself',
    ]);
    assert.match(
      summary.failures.find(f => f.test.includes('refers')).message,
      /upstream said no/,
    );
  });
});

describe('counting', () => {
  it('counts a jest run that exited non-zero without a failed test as one failure', () => {
    const summary = {
      numPassedTests: 5,
      numFailedTests: 0,
      numPendingTests: 1,
      numTodoTests: 0,
      numRuntimeErrorTestSuites: 0,
    };
    assert.deepEqual(jestCounts(summary, false), {
      passed: 5,
      failed: 1,
      skipped: 1,
    });
    assert.deepEqual(jestCounts(summary, true), {
      passed: 5,
      failed: 0,
      skipped: 1,
    });
    assert.equal(jestCounts(undefined, true), undefined);
  });

  it("reads node --test's TAP totals", () => {
    const tap =
      'TAP version 13\n# tests 6\n# suites 1\n# pass 3\n# fail 1\n# cancelled 1\n# skipped 1\n# todo 0\n';
    assert.deepEqual(tapCounts(tap, false), {
      passed: 3,
      failed: 2,
      skipped: 1,
    });
    assert.equal(tapCounts('', true), undefined);
  });
});
