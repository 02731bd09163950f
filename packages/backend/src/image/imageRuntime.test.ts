import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  RealServers,
  ensureCaDataFile,
  freePort,
  startRealServersOrSkip,
} from '@internal/eks-platform-sandbox';
import { BACKEND_DIR, REPO_ROOT } from '../__testUtils__/repoConfig';
import { dockerignoreExcludes } from '../__testUtils__/dockerContext';
import { ensureBackendBuild } from '../__testUtils__/backendBuild';
import { BuiltImage, buildImage } from '../__testUtils__/dockerfileBuild';
import {
  ChartContainer,
  readChartContainer,
} from '../__testUtils__/chartContainer';
import {
  ContainerProcess,
  containerUnsupported,
} from '../__testUtils__/containerProcess';

/*
 * Issue 14: the backend image's runtime promises, checked without a Docker
 * daemon. The Dockerfile's final stage is executed into a folder (COPY from
 * the build context after `yarn build:backend`, its RUN lines: the skeleton
 * and bundle unpacked, `yarn workspaces focus --all --production` offline
 * from this machine's yarn cache), then its CMD runs there as the chart's
 * prod Deployment runs it: the image's root read-only with only the pod's
 * emptyDir (/tmp) writable, as the chart's uid/gid, with the environment the
 * chart gives (its ConfigMap and variables) plus the Vault secret's
 * variables, on the real PostgreSQL and Redis. Readiness must turn 200, a
 * status request must answer, and SIGTERM must drain: readiness 503 at once,
 * requests still answered for SHUTDOWN_DRAIN_MS, then a clean exit.
 */
jest.setTimeout(900_000);

const unsupported = containerUnsupported();
const servers: RealServers = unsupported
  ? { available: false, reason: unsupported, stop: () => {} }
  : startRealServersOrSkip(
      ['postgres', 'redis'],
      'the backend image started as its container',
    );
afterAll(() => servers.stop());
if (unsupported)
  // eslint-disable-next-line no-console
  console.warn(`Skipping the image's runtime test: ${unsupported}`);
const describeIfRunnable =
  !unsupported && servers.available ? describe : describe.skip;

/** Where built layers and image roots live (same file system: hard links). */
const WORK_DIR = path.join(os.homedir(), '.cache/eks-platform/backend-image');
/** The Node of this run: the base image's Node (same major, checked by Dockerfile.test.ts). */
const NODE_DIR = path.resolve(process.execPath, '../..');

/** Every upstream host outside this machine: a reserved name. */
const OFFSITE_DOMAIN = 'portal-image.invalid';
const OFFSITE = (name: string) => `https://${name}.${OFFSITE_DOMAIN}`;
/**
 * Names the production config and the chart reach, besides the secret's:
 * in the container they resolve to loopback, where nothing listens on 443
 * or 80, so no lookup or connection leaves this machine.
 */
const FIXED_UPSTREAMS = [
  'github.com',
  'api.github.com',
  'sts.amazonaws.com',
  'sts.eu-west-1.amazonaws.com',
  'otel-collector.observability.svc',
  'backstage.backstage.svc.cluster.local',
];

/**
 * The Vault secret `backstage/portal` (docs/deploying.md, step 4) for this
 * machine: the real PostgreSQL and Redis on loopback, every other upstream
 * on a host that does not exist. Passed as variables, which win over the
 * Vault file (production/vaultSecretsEnvironment.ts; tested there).
 */
function portalSecret(postgresPort: number, redisPort: number, port: number) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const caData = fs.readFileSync(ensureCaDataFile(), 'utf8').trim();
  const cluster = (name: string) => ({
    [`EKS_${name}_API_URL`]: OFFSITE(`${name.toLowerCase()}.eks`),
    [`EKS_${name}_CA_DATA`]: caData,
    [`EKS_${name}_ROLE_ARN`]: `arn:aws:iam::210987654321:role/backstage-${name.toLowerCase()}`,
  });
  return {
    APP_BASE_URL: OFFSITE('backstage'),
    BACKEND_BASE_URL: OFFSITE('backstage'),
    BACKEND_SECRET: crypto.randomBytes(32).toString('base64'),
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: String(postgresPort),
    POSTGRES_USER: 'postgres',
    // The test server trusts loopback connections.
    POSTGRES_PASSWORD: 'unused-with-trust-authentication',
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    // The Service `backstage` of the cluster is this process here.
    PORTAL_INTERNAL_URL: `http://127.0.0.1:${port}`,
    GITHUB_ORG: 'acme',
    GITHUB_APP_ID: '123456',
    GITHUB_APP_CLIENT_ID: 'Iv1.portalimage',
    GITHUB_APP_CLIENT_SECRET: crypto.randomBytes(20).toString('hex'),
    GITHUB_APP_WEBHOOK_SECRET: crypto.randomBytes(20).toString('hex'),
    GITHUB_APP_PRIVATE_KEY: privateKey
      .export({ type: 'pkcs1', format: 'pem' })
      .toString(),
    AUTH_GITHUB_CLIENT_ID: 'portal-image-oauth',
    AUTH_GITHUB_CLIENT_SECRET: crypto.randomBytes(20).toString('hex'),
    AWS_ACCOUNT_ID: '123456789012',
    AWS_PROD_ACCOUNT_ID: '210987654321',
    AWS_EXTERNAL_ID: 'portal-image',
    PLATFORM_ADMIN_GROUP: 'team-platform',
    ...cluster('PROD'),
    ...cluster('STAGE'),
    ARGOCD_URL: OFFSITE('argocd'),
    ARGOCD_TOKEN: 'argocd-token',
    ARGOCD_PROMOTION_TOKEN: 'argocd-read-only-token',
    VAULT_ADDR: OFFSITE('vault'),
    VAULT_NAMESPACE: 'platform',
    VAULT_ROLE_ID: 'backstage',
    VAULT_SECRET_ID: 'vault-secret-id',
    ALERTMANAGER_URL: OFFSITE('alertmanager'),
    JAEGER_QUERY_URL: OFFSITE('jaeger'),
  };
}

/** A legacy service token (`backend.auth.keys`), as another backend would send. */
function serviceToken(secret: string): string {
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    sub: 'backstage-server',
    exp: Math.floor(Date.now() / 1000) + 600,
  })}`;
  const signature = crypto
    .createHmac('sha256', Buffer.from(secret, 'base64url'))
    .update(body)
    .digest('base64url');
  return `${body}.${signature}`;
}

async function statusOf(url: string, init?: RequestInit) {
  try {
    const res = await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(5000),
    });
    return { status: res.status, body: await res.text() };
  } catch (error) {
    return { status: 0, body: String((error as Error).cause ?? error) };
  }
}

describeIfRunnable('the backend image, run as its container', () => {
  let image: BuiltImage;
  let chart: ChartContainer;
  let container: ContainerProcess;
  let baseUrl: string;
  let secret: ReturnType<typeof portalSecret>;

  beforeAll(async () => {
    ensureBackendBuild();
    fs.mkdirSync(path.join(WORK_DIR, 'roots'), { recursive: true });
    const root = fs.mkdtempSync(path.join(WORK_DIR, 'roots', 'image-'));
    image = buildImage({
      dockerfile: fs.readFileSync(path.join(BACKEND_DIR, 'Dockerfile'), 'utf8'),
      context: REPO_ROOT,
      excluded: dockerignoreExcludes(
        fs.readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8'),
      ),
      root,
      runEnv: {
        // Offline: every package must come from this machine's yarn cache.
        YARN_ENABLE_NETWORK: '0',
        YARN_ENABLE_TELEMETRY: '0',
        // node-gyp builds native packages against this Node's headers.
        npm_config_nodedir: NODE_DIR,
        PATH: `${path.join(NODE_DIR, 'bin')}:${process.env.PATH}`,
      },
      skip: [
        {
          pattern: /^apt-get /,
          why: "the base image's Debian packages; this machine's /usr stands in for them",
        },
        {
          pattern: /^rm -rf \/var\/lib\/apt\/lists\//,
          why: 'the lists of the apt-get skipped above (an absolute path: here it would be this machine’s)',
        },
        {
          pattern: /yarn cache clean/,
          why: "it empties the yarn cache the install read, here this machine's shared one (in the image it only keeps the layer small)",
        },
      ],
      users: { node: '1000:1000' },
      layerCache: {
        dir: path.join(WORK_DIR, 'layers'),
        runs: /^yarn workspaces focus /,
      },
    });

    chart = readChartContainer('prod');
    const port = await freePort();
    const metricsPort = await freePort();
    const closedPort = await freePort();
    secret = portalSecret(servers.postgres!.port, servers.redis!.port, port);
    baseUrl = `http://127.0.0.1:${port}`;
    const [uid, gid] = (image.config.user ?? '').split(':').map(Number);
    container = new ContainerProcess({
      root,
      workdir: image.config.workdir,
      cmd: image.config.cmd,
      uid: chart.runAsUser ?? uid,
      gid: chart.runAsGroup ?? gid,
      writablePaths: chart.writablePaths,
      nodeDir: NODE_DIR,
      hosts: Object.fromEntries(
        [
          ...FIXED_UPSTREAMS,
          ...Object.values(secret)
            .map(value => /^https:\/\/([^/]+)/.exec(value)?.[1])
            .filter((host): host is string => !!host),
        ].map(host => [host, '127.0.0.1']),
      ),
      env: {
        PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        HOME: '/home/node',
        ...image.config.env,
        ...chart.env,
        // Free ports instead of the chart's fixed 7007 and 9464.
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        ...secret,
        // Whatever leaves this machine goes to a closed loopback port
        // instead (Node's own proxy support; AWS SDK: no metadata service).
        NODE_USE_ENV_PROXY: '1',
        HTTP_PROXY: `http://127.0.0.1:${closedPort}`,
        HTTPS_PROXY: `http://127.0.0.1:${closedPort}`,
        NO_PROXY: '127.0.0.1,localhost',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    container.start();
    const deadline = Date.now() + 300_000;
    for (;;) {
      const ready = await statusOf(`${baseUrl}${chart.readinessPath}`);
      if (ready.status === 200) break;
      if (container.exited() || Date.now() > deadline)
        throw new Error(
          `the image's backend never became ready (last answer ${
            ready.status
          }):\n${container.logs()}`,
        );
      await new Promise(r => setTimeout(r, 500));
    }
  }, 900_000);

  afterAll(async () => {
    await container?.stop();
    if (image) fs.rmSync(image.root, { recursive: true, force: true });
  }, 60_000);

  it('is built by its own RUN lines, installing production dependencies offline', () => {
    const skipped = image.steps.filter(s => s.outcome.includes('skipped'));
    expect(
      skipped.map(s => s.instruction.split(' ').slice(0, 3).join(' ')),
    ).toEqual(['RUN apt-get update', 'RUN yarn workspaces']);
    const modules = path.join(image.root, image.config.workdir, 'node_modules');
    expect(
      fs.existsSync(path.join(modules, '@backstage/backend-defaults')),
    ).toBe(true);
    expect(fs.existsSync(path.join(modules, 'pg'))).toBe(true);
    // --production: the backend's devDependencies are not in the image.
    expect(fs.existsSync(path.join(modules, '@backstage/cli'))).toBe(false);
    expect(fs.existsSync(path.join(modules, 'supertest'))).toBe(false);
  });

  it('installs node-gyp’s toolchain for every native package the install builds', () => {
    const modules = path.join(image.root, image.config.workdir, 'node_modules');
    const native = fs
      .readdirSync(modules)
      .flatMap(name =>
        name.startsWith('@')
          ? fs.readdirSync(path.join(modules, name)).map(n => `${name}/${n}`)
          : [name],
      )
      .filter(name => fs.existsSync(path.join(modules, name, 'binding.gyp')));
    expect(native).toContain('better-sqlite3');
    const aptGet = image.steps.find(s =>
      s.instruction.includes('apt-get install'),
    );
    for (const tool of ['python3', 'make', 'g++'])
      expect(aptGet?.instruction.split(' ')).toContain(tool);
  });

  it('runs as the chart’s non-root user with a read-only root', () => {
    expect(chart.runAsUser).toBeGreaterThan(0);
    expect(chart.readOnlyRootFilesystem).toBe(true);
    expect(chart.writablePaths).toEqual(['/tmp']);
    // The image's USER is the chart's user, numeric (runAsNonRoot checks it).
    expect(image.config.user).toBe(`${chart.runAsUser}:${chart.runAsGroup}`);
    const status = fs.readFileSync(`/proc/${container.pid}/status`, 'utf8');
    expect(status).toMatch(new RegExp(`^Uid:\\s+${chart.runAsUser}\\s`, 'm'));
    expect(status).toMatch(new RegExp(`^Gid:\\s+${chart.runAsGroup}\\s`, 'm'));
    const mounts = fs.readFileSync(`/proc/${container.pid}/mountinfo`, 'utf8');
    const rootMount = mounts
      .split('\n')
      .find(line => line.split(' ')[4] === '/');
    expect(rootMount?.split(' ')[5]).toMatch(/^ro\b/);
  });

  it('answers readiness, and a status request through the production config', async () => {
    expect((await statusOf(`${baseUrl}${chart.readinessPath}`)).status).toBe(
      200,
    );
    const url = `${baseUrl}/api/eks-platform/v1/status/component/default/not-in-the-catalog?view=summary`;
    // Without credentials: refused, no guest in production.
    expect((await statusOf(url)).status).toBe(401);
    const answer = await statusOf(url, {
      headers: {
        authorization: `Bearer ${serviceToken(secret.BACKEND_SECRET)}`,
      },
    });
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 404,
      body: expect.stringContaining('not-in-the-catalog'),
    });
    const catalog = await statusOf(`${baseUrl}/api/catalog/entities?limit=1`, {
      headers: {
        authorization: `Bearer ${serviceToken(secret.BACKEND_SECRET)}`,
      },
    });
    expect(catalog.status).toBe(200);
  });

  it('drains on SIGTERM: unready at once, still serving, then a clean exit', async () => {
    const drainMs = Number(chart.env.SHUTDOWN_DRAIN_MS);
    const sigterm = Date.now();
    container.signal('SIGTERM');
    const answers: Array<{ at: number; ready: number; live: number }> = [];
    while (Date.now() - sigterm < drainMs - 2000) {
      const [ready, live] = await Promise.all([
        statusOf(`${baseUrl}${chart.readinessPath}`),
        statusOf(`${baseUrl}/.backstage/health/v1/liveness`),
      ]);
      answers.push({
        at: Date.now() - sigterm,
        ready: ready.status,
        live: live.status,
      });
      await new Promise(r => setTimeout(r, 500));
    }
    const code = await container.waitForExit(
      chart.terminationGracePeriodSeconds * 1000,
    );
    const exitedAfterMs = Date.now() - sigterm;
    // Unready within a second, while the requests are still answered.
    expect(answers.filter(a => a.at > 1000 && a.ready !== 503)).toEqual([]);
    expect(answers.filter(a => a.live !== 200)).toEqual([]);
    expect(answers.length).toBeGreaterThan(3);
    expect(code).toBe(0);
    expect(exitedAfterMs).toBeGreaterThanOrEqual(drainMs);
    expect(exitedAfterMs).toBeLessThan(
      chart.terminationGracePeriodSeconds * 1000,
    );
  });

  it('writes less to its emptyDir than the chart’s sizeLimit', () => {
    const tmp = container.writableDirs['/tmp'];
    const used = execFileSync('du', ['-sb', tmp], { encoding: 'utf8' });
    expect(Number(used.split('\t')[0])).toBeLessThan(
      chart.writableLimits['/tmp'],
    );
  });
});
