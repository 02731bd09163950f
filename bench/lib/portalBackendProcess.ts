import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import yaml from 'yaml';
import { freePort } from '@internal/eks-platform-sandbox';

// The bench runs from source.
// eslint-disable-next-line no-restricted-syntax
const REPO_ROOT = path.resolve(__dirname, '../..');
const BACKEND_DIR = path.join(REPO_ROOT, 'packages/backend');
/**
 * From spawn to ready: the backend compiles from source at start; on a
 * 2-core machine at load 45 that alone took more than 5 minutes.
 */
const READY_TIMEOUT_MS =
  Number(process.env.BENCH_BACKEND_READY_SECONDS ?? 900) * 1000;

/** Backends started and not stopped yet, for the bench's signal handler. */
const running = new Set<() => Promise<void>>();

/** Stops every portal backend still running (Ctrl-C, SIGTERM). */
export async function stopAllPortalBackends(): Promise<void> {
  await Promise.allSettled(Array.from(running, stop => stop()));
}

export interface PortalBackend {
  baseUrl: string;
  pid: number;
  /** From spawn to the readiness probe answering 200. */
  readyMs: number;
  /** Where the backend's stdout and stderr go (kept when it fails). */
  logFile: string;
  stop(): Promise<void>;
}

/**
 * The portal's own backend (packages/backend/src/index.ts: the real catalog,
 * auth with the guest provider, the permission backend with our policy,
 * scaffolder, search, the stock kubernetes backend and our status plugin)
 * as `yarn start` runs it: `--config app-config.yaml` plus an overlay with
 * the bench's port, database, catalog location and sandbox URLs.
 */
export async function startPortalBackend(options: {
  /** Overlay merged over app-config.yaml (arrays replace, as Backstage merges). */
  config: Record<string, unknown>;
  workDir: string;
  name: string;
}): Promise<PortalBackend> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const overlay = {
    ...options.config,
    backend: {
      ...(options.config.backend as object),
      baseUrl,
      listen: { host: '127.0.0.1', port },
    },
  };
  const configFile = path.join(options.workDir, `${options.name}.yaml`);
  fs.writeFileSync(configFile, yaml.stringify(overlay));
  const logFile = path.join(options.workDir, `${options.name}.log`);
  const out = fs.openSync(logFile, 'a');
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: BACKEND_DIR,
      // The guest provider signs anyone in only outside production, as `yarn start`.
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', out, out],
    },
  );
  fs.closeSync(out);
  let exited: number | null | undefined;
  const exit = new Promise<void>(resolve =>
    child.once('exit', code => {
      exited = code;
      resolve();
    }),
  );
  const stop = async () => {
    running.delete(stop);
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  };
  running.add(stop);
  try {
    for (;;) {
      if (exited !== undefined)
        throw new Error(`portal backend exited with ${exited}; see ${logFile}`);
      if (performance.now() - started > READY_TIMEOUT_MS)
        throw new Error(
          `portal backend not ready after ${
            READY_TIMEOUT_MS / 1000
          } s (BENCH_BACKEND_READY_SECONDS); see ${logFile}`,
        );
      const ready = await fetch(`${baseUrl}/.backstage/health/v1/readiness`, {
        signal: AbortSignal.timeout(2000),
      }).then(
        r => r.ok,
        () => false,
      );
      if (ready) break;
      await new Promise(r => setTimeout(r, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl: `${baseUrl}/api`,
    pid: child.pid!,
    readyMs: performance.now() - started,
    logFile,
    stop,
  };
}

/** A user token the way the app gets one: the guest provider's refresh. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(
      `guest sign-in answered ${res.status}: ${await res.text()}`,
    );
  const body = await res.json();
  const token = body?.backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in returned no backstageIdentity');
  return token;
}
