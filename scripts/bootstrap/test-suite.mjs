// The whole test suite as one command: type check, lint, unit and integration
// tests (jest through backstage-cli), and end-to-end browser tests
// (Playwright), plus the bootstrap's own tests (node --test). Each stage
// reports counts; the run ends with the plain `N passed, N failed, N skipped`
// line that CI reads.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

function run(cmd, args, opts) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return {
    ok: result.status === 0,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** One pass/fail check for a whole tool run (tsc, lint). */
function checkStage(name, cmd, args, opts) {
  const r = run(cmd, args, opts);
  return {
    name,
    passed: r.ok ? 1 : 0,
    failed: r.ok ? 0 : 1,
    skipped: 0,
    seconds: r.seconds,
  };
}

/**
 * Counts of a jest run from the summary reporter's file, or undefined.
 * A test file that failed to load has no test results: it counts as a
 * failure; so does a non-zero exit that no count explains.
 */
export function jestCounts(summary, exitOk) {
  if (!summary) return undefined;
  const broken = summary.numRuntimeErrorTestSuites ?? 0;
  const failed = summary.numFailedTests + broken;
  return {
    passed: summary.numPassedTests,
    failed: failed + (exitOk || failed ? 0 : 1),
    skipped: summary.numPendingTests + (summary.numTodoTests ?? 0),
  };
}

function jestStage(repoRoot, env) {
  const out = join(repoRoot, 'test-results', 'jest-summary.json');
  rmSync(out, { force: true });
  // Our reporter instead of `--json`: see jest-summary-reporter.cjs.
  const r = run(
    'yarn',
    [
      'backstage-cli',
      'repo',
      'test',
      '--reporters=default',
      `--reporters=${join(HERE, 'jest-summary-reporter.cjs')}`,
    ],
    {
      cwd: repoRoot,
      env: { ...env, CI: 'true', EKS_JEST_SUMMARY_FILE: out },
    },
  );
  const summary = readJson(out);
  const counts = jestCounts(summary, r.ok) ?? {
    passed: 0,
    failed: 1,
    skipped: 0,
  };
  for (const f of summary?.failures ?? []) {
    console.log(`  failed: ${f.test} (${f.file})`);
  }
  return { name: 'unit+integration', ...counts, seconds: r.seconds };
}

/** `# pass N` … lines of a TAP stream from `node --test`. */
export function tapCounts(tap, exitOk) {
  const count = name =>
    Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap ?? '')?.[1] ?? 0);
  if (!tap || !/^# tests \d+$/m.test(tap)) return undefined;
  const failed = count('fail') + count('cancelled');
  return {
    passed: count('pass'),
    failed: failed + (exitOk || failed ? 0 : 1),
    skipped: count('skipped') + count('todo'),
  };
}

/** The bootstrap's own tests (scripts/**\/*.test.mjs) with Node's test runner. */
function scriptsStage(repoRoot, env) {
  const out = join(repoRoot, 'test-results', 'scripts.tap');
  rmSync(out, { force: true });
  const files = readdirSync(join(repoRoot, 'scripts'), { recursive: true })
    .filter(f => f.endsWith('.test.mjs'))
    .map(f => join('scripts', f));
  const r = run(
    process.execPath,
    [
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${out}`,
      ...files,
    ],
    { cwd: repoRoot, env },
  );
  const counts = tapCounts(
    existsSync(out) ? readFileSync(out, 'utf8') : '',
    r.ok,
  );
  return {
    name: 'bootstrap scripts',
    ...(counts ?? { passed: 0, failed: 1, skipped: 0 }),
    seconds: r.seconds,
  };
}

function e2eStage(repoRoot, env) {
  const out = join(repoRoot, 'test-results', 'e2e.json');
  rmSync(out, { force: true });
  const r = run('yarn', ['playwright', 'test', '--reporter=list,json'], {
    cwd: repoRoot,
    env: { ...env, CI: 'true', PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  });
  const stats = readJson(out)?.stats;
  if (!stats)
    return {
      name: 'end-to-end',
      passed: 0,
      failed: 1,
      skipped: 0,
      seconds: r.seconds,
    };
  return {
    name: 'end-to-end',
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected + (r.ok || stats.unexpected ? 0 : 1),
    skipped: stats.skipped,
    seconds: r.seconds,
  };
}

export function runTestSuite(repoRoot, env, log) {
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  const opts = { cwd: repoRoot, env };
  const stages = [];
  log('Type check (tsc)…');
  stages.push(checkStage('type check', 'yarn', ['tsc'], opts));
  log('Lint (backstage-cli repo lint)…');
  stages.push(checkStage('lint', 'yarn', ['lint:all'], opts));
  log('Bootstrap script tests (node --test)…');
  stages.push(scriptsStage(repoRoot, env));
  // The backend image's build output, which packages/backend's Dockerfile
  // test then reads (building it inside jest would compete with the suites).
  log('Backend build (yarn build:backend)…');
  stages.push(checkStage('backend build', 'yarn', ['build:backend'], opts));
  log('Unit and integration tests (jest)…');
  stages.push(jestStage(repoRoot, env));
  if (existsSync(join(repoRoot, 'playwright.config.ts'))) {
    log('End-to-end tests (Playwright + Chromium)…');
    stages.push(e2eStage(repoRoot, env));
  }

  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log('\nTest summary');
  for (const s of stages) {
    console.log(
      `  ${s.name.padEnd(18)} ${s.passed} passed, ${s.failed} failed, ${
        s.skipped
      } skipped (${s.seconds}s)`,
    );
    total.passed += s.passed;
    total.failed += s.failed;
    total.skipped += s.skipped;
  }
  console.log(
    `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`,
  );
  return total.failed === 0;
}
