import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { upstreamBinary } from '@internal/eks-platform-sandbox';

/*
 * Runs the real `helm` binary that scripts/bootstrap/upstreams.mjs built
 * from helm.sh/helm/v3 at the version pinned in tools/upstreams/pins.json.
 */

export interface HelmRun {
  /** Exit status; null when the process could not run. */
  status: number | null;
  stdout: string;
  stderr: string;
}

let home: string | undefined;

/**
 * Helm's config, cache and data folders, fresh per test process: the user's
 * repositories, plugins and registry logins must not change what we check.
 */
function helmHome(): string {
  if (!home) home = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-home-'));
  return home;
}

/** The pinned helm's path; throws saying how to build it when missing. */
export function helmBinaryPath(): string {
  return upstreamBinary('helm').path;
}

/** `helm <args>`, isolated from the user's Helm set-up and any cluster. */
export function runHelm(args: string[], cwd?: string): HelmRun {
  const dir = helmHome();
  const result = spawnSync(helmBinaryPath(), args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      HELM_CONFIG_HOME: path.join(dir, 'config'),
      HELM_CACHE_HOME: path.join(dir, 'cache'),
      HELM_DATA_HOME: path.join(dir, 'data'),
      // Neither rendering nor linting may reach a cluster.
      KUBECONFIG: path.join(dir, 'no-kubeconfig'),
    },
  });
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.error
      ? `could not run helm: ${result.error.message}`
      : result.stderr ?? '',
  };
}
