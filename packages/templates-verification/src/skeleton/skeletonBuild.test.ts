import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '@internal/eks-platform-sandbox';
import { generatedTrees, writeTree } from '../scaffolder/generatedTrees';

// One generous test: npm ci needs the npm registry (allowed in CI).
jest.setTimeout(300_000);

function run(cwd: string, args: string[]) {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      CI: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    },
  });
  return {
    status: result.status,
    output: `${result.stdout}\n${result.stderr}`,
  };
}

/** Starts the built service, probes it like Kubernetes would, then stops it with SIGTERM. */
async function smokeTest(dir: string) {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/index.js'], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      SERVICE_NAME: 'payments-api',
      SHUTDOWN_DRAIN_MS: '100',
    },
  });
  let stdout = '';
  child.stdout.on('data', chunk => {
    stdout += chunk;
  });
  const exited = new Promise<number | null>(resolve =>
    child.on('exit', code => resolve(code)),
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !stdout.includes('listening'); i++) {
    await new Promise(r => setTimeout(r, 100));
  }
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  expect((await fetch(`${base}/`)).status).toBe(200);
  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metrics).toContain(
    'http_requests_total{service="payments-api",route="/",method="GET",code="200"} 1',
  );
  expect(metrics).toContain('process_cpu_user_seconds_total');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  const lines = stdout
    .trim()
    .split('\n')
    .map(line => JSON.parse(line));
  expect(lines.map(l => l.message)).toEqual(
    expect.arrayContaining([
      'listening',
      'request',
      'signal received',
      'shutdown complete',
    ]),
  );
  expect(
    lines.every(
      l => l.service === 'payments-api' && typeof l.time === 'string',
    ),
  ).toBe(true);
}

describe('generated service (npm ci && npm test)', () => {
  it('installs from its lock file, lints, type-checks and passes its tests, builds, serves probes and metrics, and stops cleanly on SIGTERM', async () => {
    const trees = await generatedTrees();
    const dir = writeTree(trees.full, 'generated-service');
    try {
      for (const step of [
        ['ci', '--prefer-offline'],
        ['run', 'lint'],
        // `npm test` compiles every source, tests included, with strict tsc first.
        ['test'],
        ['run', 'build'],
      ]) {
        const result = run(dir, step);
        expect({
          step: step.join(' '),
          status: result.status,
          output: result.status === 0 ? '' : result.output,
        }).toEqual({
          step: step.join(' '),
          status: 0,
          output: '',
        });
      }
      expect(fs.existsSync(path.join(dir, 'dist', 'index.js'))).toBe(true);
      await smokeTest(dir);
      // Tests are not shipped in the production build.
      expect(
        fs
          .readdirSync(path.join(dir, 'dist'))
          .filter(f => f.includes('.test.')),
      ).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
