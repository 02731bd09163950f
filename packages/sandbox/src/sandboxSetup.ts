import fs from 'node:fs';
import path from 'node:path';
import type { SandboxOptions } from './sandboxTypes';

/**
 * `<repo>/catalog/demo`, the demo catalog the default start runs: looked up
 * from the working directory upwards (yarn runs scripts in the package
 * folder, the backend in packages/backend).
 */
export function defaultCatalogDir(from = process.cwd()): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, 'catalog', 'demo');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export const DEFAULT_CLUSTERS = ['dev', 'stage', 'prod'];
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validate(options: SandboxOptions): string[] {
  const clusters = options.clusters ?? DEFAULT_CLUSTERS;
  if (options.ports && !['random', 'default'].includes(options.ports)) {
    throw new Error(
      `startSandbox: ports must be 'random' or 'default', got '${options.ports}'`,
    );
  }
  if (clusters.length === 0)
    throw new Error('startSandbox: clusters must name at least one cluster');
  const bad = clusters.find(c => !CLUSTER_NAME.test(c));
  if (bad !== undefined) {
    throw new Error(
      `startSandbox: cluster name '${bad}' must be lower-case letters, digits and dashes`,
    );
  }
  if (new Set(clusters).size !== clusters.length) {
    throw new Error(
      `startSandbox: cluster names must be unique, got ${clusters.join(', ')}`,
    );
  }
  if (options.kubeLatencyMs !== undefined && !(options.kubeLatencyMs >= 0)) {
    throw new Error(
      `startSandbox: kubeLatencyMs must be a non-negative number, got ${options.kubeLatencyMs}`,
    );
  }
  return clusters;
}

/**
 * Like Promise.all, but waits for every start to settle before throwing, so
 * a server that starts after another one failed is still closed.
 */
export async function settleAll<T extends readonly unknown[]>(
  starts: [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const results = await Promise.allSettled(starts);
  const failed = results.find(r => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map(
    r => (r as PromiseFulfilledResult<unknown>).value,
  ) as unknown as T;
}
