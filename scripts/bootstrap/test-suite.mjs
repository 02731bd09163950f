// The whole test suite as one command: type check, lint, unit and integration
// tests (jest through backstage-cli), and end-to-end browser tests
// (Playwright). Each stage reports counts; the run ends with the plain
// `N passed, N failed` line that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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

function jestStage(repoRoot, env) {
  const out = join(repoRoot, 'test-results', 'jest.json');
  rmSync(out, { force: true });
  const r = run(
    'yarn',
    ['backstage-cli', 'repo', 'test', '--json', `--outputFile=${out}`],
    {
      cwd: repoRoot,
      env: { ...env, CI: 'true' },
    },
  );
  const report = readJson(out);
  if (!report)
    return {
      name: 'unit+integration',
      passed: 0,
      failed: 1,
      skipped: 0,
      seconds: r.seconds,
    };
  // A suite that fails to load has no test results; count it as a failure.
  const brokenSuites = report.numRuntimeErrorTestSuites ?? 0;
  return {
    name: 'unit+integration',
    passed: report.numPassedTests,
    failed:
      report.numFailedTests +
      brokenSuites +
      (r.ok || report.numFailedTests || brokenSuites ? 0 : 1),
    skipped: report.numPendingTests + (report.numTodoTests ?? 0),
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
