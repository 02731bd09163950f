#!/usr/bin/env node
// Entry point behind `npm start` and `npm test` (and `yarn start`/`yarn test`).
//
// Works from a bare machine with any Node and npm: it fetches Node 22 from the
// npm registry when needed, re-runs itself on it, installs dependencies with
// the committed yarn release, then starts the portal or runs the whole suite.
//
//   node scripts/bootstrap.mjs start   sandbox + portal (frontend :3000, backend :7007)
//   node scripts/bootstrap.mjs test    type check, lint, jest, Playwright
//   node scripts/bootstrap.mjs install only the set-up steps (incl. upstreams)
//   node scripts/bootstrap.mjs upstreams  only build the pinned Go upstreams
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ensureNodeRuntime,
  runningNodeIsSuitable,
  REQUIRED_MAJOR,
} from './bootstrap/node-runtime.mjs';
import { ensureYarnShim } from './bootstrap/yarn.mjs';
import {
  ensureSystemPackages,
  missingSystemPackages,
} from './bootstrap/system-packages.mjs';
import { runTestSuite } from './bootstrap/test-suite.mjs';
import { ensureUpstreams } from './bootstrap/upstreams.mjs';
import { ensureMkdocs } from './bootstrap/mkdocs.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv[2] ?? 'start';
const log = msg => console.log(`[eks-platform] ${msg}`);

function reexecOnNode22() {
  const nodeDir = ensureNodeRuntime(log);
  const result = spawnSync(
    join(nodeDir, 'bin', 'node'),
    [fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(result.status ?? 1);
}

function toolEnv() {
  const nodeDir = resolve(dirname(process.execPath), '..');
  const env = { ...process.env };
  env.PATH = [
    ensureYarnShim(repoRoot),
    dirname(process.execPath),
    env.PATH,
  ].join(':');
  // node-gyp builds native addons (better-sqlite3) from source here; point it
  // at the running Node's headers so it does not try to download them.
  if (existsSync(join(nodeDir, 'include', 'node', 'node.h')))
    env.npm_config_nodedir = nodeDir;
  // Jest workers and webpack are memory-hungry on a 2-core machine.
  env.NODE_OPTIONS = [env.NODE_OPTIONS, '--max-old-space-size=6144']
    .filter(Boolean)
    .join(' ');
  return env;
}

function yarnInstall(env) {
  log('Installing dependencies with the committed yarn…');
  const args = ['install'];
  if (process.env.CI) args.push('--immutable');
  const r = spawnSync('yarn', args, { cwd: repoRoot, env, stdio: 'inherit' });
  if (r.status !== 0) {
    log('yarn install failed; see the output above.');
    process.exit(r.status ?? 1);
  }
}

/**
 * Helm, etcd, kube-apiserver, … built from their pinned Go modules (cached
 * per version, so only a cold machine pays the build). A failed build is
 * reported and the run goes on: what needs that binary fails with the reason.
 */
async function buildUpstreams() {
  try {
    await ensureUpstreams(msg => log(`upstreams: ${msg}`), { repoRoot });
    return true;
  } catch (error) {
    log(`Building the pinned upstreams failed: ${error.message}`);
    return false;
  }
}

/**
 * The pinned TechDocs toolchain (mkdocs-techdocs-core from PyPI) in a
 * cached virtualenv, for the backend's local TechDocs generator. A failure
 * is reported and the run goes on: only docs pages fail to build without it.
 */
async function installMkdocs() {
  try {
    await ensureMkdocs(msg => log(`techdocs: ${msg}`), { repoRoot });
    return true;
  } catch (error) {
    log(`Installing the TechDocs toolchain failed: ${error.message}`);
    return false;
  }
}

/**
 * The sandbox clusters' CA (made once per checkout) and the caData file that
 * app-config.yaml includes: loading a config whose `$file` is missing fails,
 * so it must exist before the portal or a test reads app-config.yaml, even
 * when the sandbox has never started in this checkout.
 */
function sandboxCertificates(env) {
  const r = spawnSync(
    'yarn',
    ['workspace', '@internal/eks-platform-sandbox', 'certificates'],
    { cwd: repoRoot, env, encoding: 'utf8' },
  );
  if (r.status !== 0) {
    log(
      `Creating the sandbox clusters' CA failed (app-config.yaml cannot load without .cache/sandbox/kubernetes-ca-data.txt): ${`${
        r.stderr ?? ''
      }${r.stdout ?? ''}`.trim()}`,
    );
  }
}

function start(env) {
  if (missingSystemPackages(['openssl']).length) {
    log(
      "openssl is not installed: the sandbox cannot create its clusters' certificates. `npm test` installs it, or: apt-get install openssl",
    );
  }
  const missing = missingSystemPackages([
    'prometheus',
    'prometheus-alertmanager',
  ]);
  if (missing.length) {
    log(
      `Prometheus/Alertmanager are not installed (${missing
        .map(m => m.pkg)
        .join(', ')}): ` +
        'the portal starts without live alerts. `npm test` installs them, or: apt-get install prometheus prometheus-alertmanager',
    );
  }
  sandboxCertificates(env);
  const child = spawn('yarn', ['start:all'], {
    cwd: repoRoot,
    env,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => child.kill(signal));
  child.on('exit', code => process.exit(code ?? 0));
}

if (!runningNodeIsSuitable()) {
  reexecOnNode22();
} else {
  log(`Node ${process.versions.node} (Node ${REQUIRED_MAJOR} required)`);
  const env = toolEnv();
  if (command === 'upstreams') process.exit((await buildUpstreams()) ? 0 : 1);
  yarnInstall(env);
  const upstreamsBuilt = await buildUpstreams();
  const mkdocsInstalled = await installMkdocs();
  if (command === 'install')
    process.exit(upstreamsBuilt && mkdocsInstalled ? 0 : 1);
  if (command === 'start') {
    start(env);
  } else if (command === 'test') {
    ensureSystemPackages(log);
    sandboxCertificates(env);
    process.exit(runTestSuite(repoRoot, env, log) ? 0 : 1);
  } else {
    log(`Unknown command "${command}". Use start, test, install or upstreams.`);
    process.exit(2);
  }
}
