import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/*
 * Finds the upstream programs (Helm, etcd, kube-apiserver, the OpenTelemetry
 * Collector, Jaeger) that scripts/bootstrap/upstreams.mjs built from their Go
 * modules. The bootstrap owns the build recipe and the cache layout; it
 * records where each binary is in <repo>/.cache/upstreams.json, which is all
 * this side reads.
 */

export interface UpstreamBinary {
  name: string;
  path: string;
  module: string;
  version: string;
}

const BUILD_HINT =
  'Build it with `node scripts/bootstrap/upstreams.mjs` (npm test and npm start do this for you).';

/** This package's folder (where its sources are, in a checkout). */
function packageDir(): string {
  return dirname(
    require.resolve('@internal/eks-platform-sandbox/package.json'),
  );
}

/** The repository root: the nearest folder above `from` (default: this package) with tools/upstreams/pins.json. */
export function repositoryRoot(from: string = packageDir()): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'tools', 'upstreams', 'pins.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `No tools/upstreams/pins.json above ${from}: is this a checkout of the EKS platform repository?`,
      );
    }
    dir = parent;
  }
}

function readManifest(
  root: string,
): Record<string, Omit<UpstreamBinary, 'name'> & { files?: string[] }> {
  try {
    return JSON.parse(
      readFileSync(join(root, '.cache', 'upstreams.json'), 'utf8'),
    ).tools;
  } catch {
    return {};
  }
}

/** The pinned upstream, or undefined with the reason when it is not built. */
export function findUpstreamBinary(
  name: string,
  root: string = repositoryRoot(),
): { binary?: UpstreamBinary; reason?: string } {
  const pins = JSON.parse(
    readFileSync(join(root, 'tools', 'upstreams', 'pins.json'), 'utf8'),
  );
  const pin = pins.tools?.[name];
  if (!pin) {
    return {
      reason: `"${name}" is not an upstream pinned in tools/upstreams/pins.json`,
    };
  }
  const built = readManifest(root)[name];
  if (!built || built.version !== pin.version || !existsSync(built.path)) {
    return {
      reason: `${name} ${pin.version} (${pin.module}) is not built in this checkout. ${BUILD_HINT}`,
    };
  }
  return { binary: { name, ...built } };
}

/** The pinned upstream's binary; throws, saying how to build it, when missing. */
export function upstreamBinary(name: string, root?: string): UpstreamBinary {
  const { binary, reason } = findUpstreamBinary(name, root);
  if (!binary) throw new Error(reason);
  return binary;
}

/** Files of a pinned module (kind "files" in pins.json, e.g. CRD YAML), downloaded by the bootstrap. */
export interface UpstreamFiles {
  name: string;
  module: string;
  version: string;
  /** Absolute paths, in the order pins.json lists them. */
  files: string[];
}

/** The pinned module's files; throws, saying how to fetch them, when missing. */
export function upstreamFiles(name: string, root?: string): UpstreamFiles {
  const { binary, reason } = findUpstreamBinary(name, root);
  if (!binary) throw new Error(reason);
  const built = readManifest(root ?? repositoryRoot())[name];
  const files = (built.files ?? []).map(f => join(binary.path, f));
  const missing = files.find(f => !existsSync(f));
  if (!built.files?.length || missing) {
    throw new Error(
      `${name} ${binary.version} (${
        binary.module
      }) is incomplete in this checkout${
        missing ? `: ${missing} is missing` : ''
      }. ${BUILD_HINT}`,
    );
  }
  return {
    name,
    module: binary.module,
    version: binary.version,
    files,
  };
}
