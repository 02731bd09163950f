import fs from 'node:fs';
import path from 'node:path';

/*
 * The portal runs from the golden-path chart like every service, and that
 * chart hands secrets to a pod one way only: the Vault agent renders each
 * KV secret (`vault.secrets`) as a JSON object to /vault/secrets/<name>.
 * app-config.production.yaml reads its settings as `${VARS}` (Backstage's
 * documented way, and what every other runtime provides), so before the
 * config is loaded the backend exports those objects' keys as environment
 * variables. Variables the environment already sets win: an operator can
 * always override one without touching Vault.
 */

/** Where the Vault agent injector writes the rendered secrets. */
export const VAULT_SECRETS_DIR = '/vault/secrets';

const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

export interface ExportedSecrets {
  /** Files read, by name. */
  files: string[];
  /** Variables exported (names only: values never leave this function). */
  exported: string[];
}

function isFlatStringObject(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(v => typeof v === 'string')
  );
}

/**
 * Exports the `KEY: "value"` pairs of every JSON object file in `dir` into
 * `env`. A file that is not such an object (the database role's credentials,
 * a PEM bundle) is left alone, and so is a key that is not an environment
 * variable name. Throws, naming the file, when two files set one variable
 * differently: which one wins must not depend on directory order.
 */
export function exportVaultSecretsToEnvironment(
  dir: string = VAULT_SECRETS_DIR,
  env: NodeJS.ProcessEnv = process.env,
): ExportedSecrets {
  const result: ExportedSecrets = { files: [], exported: [] };
  if (!fs.existsSync(dir)) return result;
  const fromFiles = new Map<string, { file: string; value: string }>();
  for (const file of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, file);
    if (!fs.statSync(full).isFile()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(full, 'utf8'));
    } catch {
      continue;
    }
    if (!isFlatStringObject(parsed)) continue;
    result.files.push(file);
    for (const [key, value] of Object.entries(parsed)) {
      if (!VARIABLE_NAME.test(key)) continue;
      const seen = fromFiles.get(key);
      if (seen && seen.value !== value) {
        throw new Error(
          `Vault secrets ${seen.file} and ${file} both set ${key} to different values; keep it in one secret`,
        );
      }
      fromFiles.set(key, { file, value });
    }
  }
  for (const [key, { value }] of fromFiles) {
    if (env[key] !== undefined) continue;
    env[key] = value;
    result.exported.push(key);
  }
  return result;
}
