import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  findPostgresBinDir,
  freePort,
  startRealServersOrSkip,
} from '@internal/eks-platform-sandbox';
import { generatedTrees, writeTree } from '../scaffolder/generatedTrees';
import { TemplateValues, inputSets } from '../scaffolder/inputSets';
import { KafkaBroker, startKafkaBroker } from './kafkaBroker';

// One generous test per input set: npm ci needs the npm registry (allowed in CI).
jest.setTimeout(300_000);

/*
 * A real PostgreSQL for the generated service's own credential-rotation
 * test (it reads TEST_DATABASE_URL) and for the smoke test. Without one the
 * service's suite still runs; that one test then reports itself skipped.
 */
const servers = startRealServersOrSkip(
  ['postgres'],
  "the generated service's credential rotation against PostgreSQL",
);
afterAll(() => servers.stop());
const databaseUrl = servers.postgres
  ? `postgres://postgres@127.0.0.1:${servers.postgres.port}/postgres`
  : undefined;

/*
 * A Kafka broker (kfake, built from its Go module) with the topics of every
 * input set, for the service's own round-trip test (TEST_KAFKA_BROKERS) and
 * for the smoke test of the services that chose Kafka.
 */
let kafka: KafkaBroker;
beforeAll(async () => {
  kafka = await startKafkaBroker(
    Object.values(inputSets).flatMap(values => [
      ...((values.kafkaProduceTopics as string[]) ?? []),
      ...((values.kafkaConsumeTopics as string[]) ?? []),
    ]),
  );
});
afterAll(() => kafka?.stop());

function run(cwd: string, args: string[]) {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      CI: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      ...(databaseUrl ? { TEST_DATABASE_URL: databaseUrl } : {}),
      TEST_KAFKA_BROKERS: kafka.brokers.join(','),
    },
  });
  return {
    status: result.status,
    output: `${result.stdout}\n${result.stderr}`,
  };
}

/** psql as the superuser of the test PostgreSQL (trust authentication). */
function psql(sql: string) {
  const result = spawnSync(
    path.join(findPostgresBinDir() ?? '/usr/bin', 'psql'),
    [databaseUrl!, '-v', 'ON_ERROR_STOP=1', '-qc', sql],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
}

/**
 * The environment the chart gives the pod: the telemetry resource, Kafka
 * when chosen, and with a PostgreSQL at hand the database and the Vault
 * agent's credentials file.
 */
function podEnvironment(
  dir: string,
  values: TemplateValues,
): Record<string, string> {
  const name = String(values.name);
  const env: Record<string, string> = {
    SERVICE_NAME: name,
    OTEL_SERVICE_NAME: name,
    OTEL_RESOURCE_ATTRIBUTES:
      'deployment.environment=dev,service.namespace=payments,k8s.cluster.name=dev',
    SHUTDOWN_DRAIN_MS: '100',
  };
  if (values.messaging === 'kafka') {
    // As the chart's ConfigMap sets them (chart/README.md, "Messaging"), but
    // plaintext without authentication: the test broker is local.
    const consumes = (values.kafkaConsumeTopics as string[]) ?? [];
    Object.assign(env, {
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPICS: [
        ...((values.kafkaProduceTopics as string[]) ?? []),
        ...consumes,
      ].join(','),
      KAFKA_CONSUMER_GROUP: consumes.length ? name : '',
      KAFKA_CLIENT_ID: `${name}-dev`,
      KAFKA_AUTH: 'none',
      KAFKA_SSL: 'false',
    });
  }
  if (databaseUrl) {
    const user = `v_smoke_${name.replace(/-/g, '_')}`;
    psql(`DROP ROLE IF EXISTS ${user}; CREATE ROLE ${user} LOGIN`);
    const secrets = fs.mkdtempSync(path.join(dir, 'vault-secrets-'));
    const file = path.join(secrets, 'database.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ username: user, password: 'unused' }),
    );
    Object.assign(env, {
      DATABASE_CREDENTIALS_FILE: file,
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: String(servers.postgres!.port),
      DATABASE_NAME: 'postgres',
      DATABASE_SSL_MODE: 'disable',
    });
  }
  return env;
}

/** Starts the built service, probes it like Kubernetes would, then stops it with SIGTERM. */
async function smokeTest(dir: string, values: TemplateValues) {
  const name = String(values.name);
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, ['dist/index.js'], {
    cwd: dir,
    env: {
      ...process.env,
      ...podEnvironment(dir, values),
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => {
    stdout += chunk;
  });
  child.stderr.on('data', chunk => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>(resolve =>
    child.on('exit', code => resolve(code)),
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200 && !stdout.includes('"listening"'); i++) {
    await new Promise(r => setTimeout(r, 100));
  }
  expect({ started: stdout.includes('"listening"'), stderr }).toEqual({
    started: true,
    stderr: '',
  });
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  expect((await fetch(`${base}/`)).status).toBe(200);
  if (databaseUrl) {
    expect(await (await fetch(`${base}/status/database`)).json()).toEqual({
      status: 'ok',
    });
  }
  // /metrics has a port of its own (the chart's metricsPort), and only there.
  expect((await fetch(`${base}/metrics`)).status).toBe(404);
  const metrics = await (
    await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
  ).text();
  // The resource attributes from the environment ride on every series.
  expect(metrics).toContain(
    `http_requests_total{service="${name}",route="/",method="GET",code="200",deployment_environment="dev",service_namespace="payments",k8s_cluster_name="dev"} 1`,
  );
  expect(metrics).toMatch(
    /^process_cpu_user_seconds_total\{deployment_environment="dev",/m,
  );
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
      ...(databaseUrl ? ['database credentials loaded'] : []),
      ...(values.messaging === 'kafka' ? ['kafka connected'] : []),
    ]),
  );
  expect(
    lines.every(l => l.service === name && typeof l.time === 'string'),
  ).toBe(true);
}

describe.each(Object.keys(inputSets))(
  'generated service of input set %s (npm ci && npm test)',
  name => {
    const values = inputSets[name];

    it('installs from its lock file, lints, type-checks and passes its tests, builds, serves probes and metrics, and stops cleanly on SIGTERM', async () => {
      const trees = await generatedTrees();
      const dir = writeTree(trees[name], `generated-service-${name}`);
      try {
        // The Kafka client and its AWS signer are installed only where Kafka was chosen.
        const pkg = JSON.parse(
          fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
        );
        expect(
          Object.keys(pkg.dependencies).filter(d =>
            ['kafkajs', 'aws-msk-iam-sasl-signer-js'].includes(d),
          ),
        ).toEqual(
          values.messaging === 'kafka'
            ? ['aws-msk-iam-sasl-signer-js', 'kafkajs']
            : [],
        );
        const outputs: Record<string, string> = {};
        for (const step of [
          ['ci', '--prefer-offline'],
          ['run', 'lint'],
          // `npm test` compiles every source, tests included, with strict tsc first.
          ['test'],
          ['run', 'build'],
        ]) {
          const result = run(dir, step);
          outputs[step.join(' ')] = result.output;
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
        // The credential rotation test ran against the real PostgreSQL, not skipped.
        const rotation =
          /a rotated credential is picked up by the running service against a real PostgreSQL/;
        const rotationLine = outputs.test
          .split('\n')
          .find(line => rotation.test(line));
        expect({
          passed: /^\s*✔/.test(rotationLine ?? ''),
          skipped: /# SKIP/.test(rotationLine ?? ''),
        }).toEqual({ passed: true, skipped: !databaseUrl });
        // So did the Kafka round trip, where Kafka was chosen; elsewhere there is no Kafka code.
        const roundTrip = outputs.test
          .split('\n')
          .find(line =>
            /a published message reaches the consumer group/.test(line),
          );
        expect({
          passed: /^\s*✔/.test(roundTrip ?? ''),
          skipped: /# SKIP/.test(roundTrip ?? ''),
          kafkaCode: fs.existsSync(path.join(dir, 'src', 'messaging')),
        }).toEqual({
          passed: values.messaging === 'kafka',
          skipped: false,
          kafkaCode: values.messaging === 'kafka',
        });
        expect(outputs.test).toMatch(/ℹ fail 0/);
        expect(fs.existsSync(path.join(dir, 'dist', 'index.js'))).toBe(true);
        await smokeTest(dir, values);
        // Tests are not shipped in the production build.
        expect(
          (
            fs.readdirSync(path.join(dir, 'dist'), {
              recursive: true,
            }) as string[]
          ).filter(f => f.includes('.test.')),
        ).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
