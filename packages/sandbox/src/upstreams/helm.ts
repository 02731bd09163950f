import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { upstreamBinary } from './upstreamBinaries';

/*
 * The pinned `helm` (tools/upstreams/pins.json) run without blocking: the
 * sandbox's Argo CD renders charts while every simulator keeps serving.
 * Each run is isolated from the user's Helm set-up (repositories, plugins,
 * registry logins) and from any cluster.
 */

export interface HelmResult {
  /** Exit status; null when the process could not run or was killed. */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment that isolates helm in `home`: its own config, cache and
 * data folders, and a kubeconfig that does not exist, so neither rendering
 * nor linting can reach a cluster.
 */
export function helmEnvironment(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_DATA_HOME: path.join(home, 'data'),
    KUBECONFIG: path.join(home, 'no-kubeconfig'),
  };
}

let sharedHome: string | undefined;

/** `helm <args>` with the pinned binary; resolves with its exit status and output. */
export function runHelm(
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<HelmResult> {
  let binary: string;
  try {
    binary = upstreamBinary('helm').path;
  } catch (error) {
    return Promise.resolve({
      status: null,
      stdout: '',
      stderr: (error as Error).message,
    });
  }
  sharedHome ??= fs.mkdtempSync(path.join(os.tmpdir(), 'helm-home-'));
  return new Promise(resolve => {
    const child = spawn(binary, args, {
      cwd: options.cwd,
      env: helmEnvironment(sharedHome!),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', c => out.push(c));
    child.stderr.on('data', c => err.push(c));
    child.on('error', error =>
      resolve({
        status: null,
        stdout: '',
        stderr: `could not run helm: ${error.message}`,
      }),
    );
    child.on('close', status =>
      resolve({
        status,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}
