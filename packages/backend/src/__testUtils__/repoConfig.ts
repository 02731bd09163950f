import { ConfigSources, FileConfigSource } from '@backstage/config-loader';
import { JsonObject } from '@backstage/types';
import { ensureCaDataFile } from '@internal/eks-platform-sandbox';
import path from 'node:path';

// Test utilities run from source only.
// eslint-disable-next-line no-restricted-syntax
export const BACKEND_DIR = path.resolve(__dirname, '../..');
export const REPO_ROOT = path.resolve(BACKEND_DIR, '../..');

/**
 * The repository's own config files merged as the backend merges them
 * (`--config app-config.yaml --config app-config.production.yaml`), with
 * `${VARS}` taken from `env` instead of the process environment.
 */
export async function readRepoConfig(
  files: string[],
  env: Record<string, string> = {},
): Promise<JsonObject> {
  // app-config.yaml includes the sandbox clusters' CA file, which the
  // sandbox writes on its first start; make it here when no sandbox ran yet.
  if (files.includes('app-config.yaml')) ensureCaDataFile();
  const source = ConfigSources.merge(
    files.map(file =>
      FileConfigSource.create({
        path: path.join(REPO_ROOT, file),
        watch: false,
        substitutionFunc: async name => env[name],
      }),
    ),
  );
  const config = await ConfigSources.toConfig(source);
  try {
    return config.get<JsonObject>();
  } finally {
    config.close();
  }
}

type LocationConfig = { type: string; target: string; rules?: unknown[] };

/**
 * The sandbox's `catalog` block with its file locations made absolute: the
 * backend resolves them against its working directory (packages/backend),
 * while jest may run from the repository root.
 */
export function withAbsoluteFileLocations(catalog: JsonObject): JsonObject {
  const locations = (catalog.locations ?? []) as LocationConfig[];
  return {
    ...catalog,
    locations: locations.map(location =>
      location.type === 'file'
        ? { ...location, target: path.resolve(BACKEND_DIR, location.target) }
        : location,
    ),
  } as JsonObject;
}
