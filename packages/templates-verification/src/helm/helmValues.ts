import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Values for a Helm command, applied in this order after the chart's values.yaml. */
export interface ChartValues {
  /** Values files (`-f`), in order. */
  valuesFiles?: string[];
  /** Inline values, applied after the files (as one more `-f` file). */
  values?: Record<string, unknown>;
  /** `--set` expressions (`autoscaling.minReplicas=3`), applied last. */
  set?: string[];
}

let inlineDir: string | undefined;

/** `-f`/`--set` arguments for `helm template` and `helm lint`. */
export function valuesArgs(values: ChartValues): string[] {
  const files = [...(values.valuesFiles ?? [])];
  if (values.values) {
    if (!inlineDir) {
      inlineDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-values-'));
    }
    // JSON is YAML; the file name is the content's hash, so it is written once.
    const text = JSON.stringify(values.values);
    const file = path.join(
      inlineDir,
      `${crypto.createHash('sha256').update(text).digest('hex')}.yaml`,
    );
    if (!fs.existsSync(file)) fs.writeFileSync(file, text);
    files.push(file);
  }
  return [
    ...files.flatMap(f => ['--values', f]),
    ...(values.set ?? []).flatMap(s => ['--set', s]),
  ];
}

function hashDir(hash: crypto.Hash, dir: string, rel = ''): void {
  for (const entry of fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) {
      hashDir(hash, dir, child);
    } else {
      hash.update(child).update('\0');
      hash.update(fs.readFileSync(path.join(dir, child))).update('\0');
    }
  }
}

/**
 * A key for a Helm command's result: the chart's files, the values files'
 * contents and every other argument. Equal keys give equal output, so a
 * result can be reused within a run even when files are rewritten in place.
 */
export function commandKey(
  chartDir: string,
  values: ChartValues,
  args: unknown,
): string {
  const hash = crypto.createHash('sha256');
  hashDir(hash, chartDir);
  for (const file of values.valuesFiles ?? []) {
    hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  hash.update(JSON.stringify({ values: values.values, set: values.set, args }));
  return hash.digest('hex');
}
