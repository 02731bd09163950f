import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';

/*
 * The real `promtool` (Debian's prometheus package: /usr/bin/promtool) on
 * rule groups: `check rules` parses every expression and checks the rule
 * files as Prometheus loads them; `test rules` feeds series and asserts
 * which alerts fire when.
 */

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Array<Record<string, unknown>>;
}

export interface PromtoolRun {
  ok: boolean;
  /** stdout and stderr together: promtool's verdict and messages. */
  output: string;
}

const CANDIDATES = ['/usr/bin/promtool', '/usr/local/bin/promtool'];

/** promtool's path; throws saying how to install it when missing. */
export function promtoolPath(): string {
  const found = [
    ...CANDIDATES,
    ...(process.env.PATH ?? '').split(':').map(d => path.join(d, 'promtool')),
  ].find(p => fs.existsSync(p));
  if (!found) {
    throw new Error(
      "promtool not found: install Debian's prometheus package (apt-get install prometheus; npm test does it as root)",
    );
  }
  return found;
}

function workDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
}

function run(args: string[], cwd: string): PromtoolRun {
  const result = spawnSync(promtoolPath(), args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${
      result.error ? String(result.error) : ''
    }`,
  };
}

/** `promtool check rules` of the groups, written as a rules file. */
export function checkRules(groups: RuleGroup[]): PromtoolRun {
  const dir = workDir();
  try {
    fs.writeFileSync(path.join(dir, 'rules.yaml'), yaml.stringify({ groups }));
    return run(['check', 'rules', 'rules.yaml'], dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses PromQL expressions with promtool (each as a recording rule). */
export function checkExpressions(expressions: string[]): PromtoolRun {
  return checkRules([
    {
      name: 'expressions-under-check',
      rules: expressions.map((expr, i) => ({
        record: `check:expression_${i}:value`,
        expr,
      })),
    },
  ]);
}

/** One `tests:` entry of a promtool unit test file. */
export interface RuleTest {
  name?: string;
  interval: string;
  input_series: Array<{ series: string; values: string }>;
  alert_rule_test?: Array<{
    eval_time: string;
    alertname: string;
    exp_alerts: Array<{
      exp_labels?: Record<string, string>;
      exp_annotations?: Record<string, string>;
    }>;
  }>;
  promql_expr_test?: Array<{
    expr: string;
    eval_time: string;
    exp_samples: Array<{ labels: string; value: number }>;
  }>;
}

/** `promtool test rules` of the tests against the groups, evaluated every `evaluationInterval`. */
export function testRules(
  groups: RuleGroup[],
  tests: RuleTest[],
  evaluationInterval = '1m',
): PromtoolRun {
  const dir = workDir();
  try {
    fs.writeFileSync(path.join(dir, 'rules.yaml'), yaml.stringify({ groups }));
    fs.writeFileSync(
      path.join(dir, 'tests.yaml'),
      yaml.stringify({
        rule_files: ['rules.yaml'],
        evaluation_interval: evaluationInterval,
        tests,
      }),
    );
    return run(['test', 'rules', 'tests.yaml'], dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
