import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import type { KubeObject } from '../../kubernetes/kubeClient';
import { runHelm } from '../../upstreams';
import { parseManifests } from './directory';
import { ManifestError, resolveInside } from './paths';

/*
 * A Helm source rendered as Argo CD's repo server renders it: `helm
 * template <chart> --name-template <release> --namespace <ns>
 * --kube-version <v> --values <each value file> --values <inline values>
 * --set <parameters> --api-versions <each> --include-crds`, with the real
 * helm pinned in tools/upstreams/pins.json. Value files are relative to
 * the chart (or `$<ref>/…` in a `ref` source) and may not leave their
 * repository; missing ones are skipped only with `ignoreMissingValueFiles`.
 * Remote (http/https) value files are refused.
 */

export interface HelmSourceOptions {
  releaseName?: string;
  valueFiles?: string[];
  ignoreMissingValueFiles?: boolean;
  values?: string;
  valuesObject?: Record<string, unknown>;
  parameters?: Array<{ name: string; value: string; forceString?: boolean }>;
  skipCrds?: boolean;
  skipTests?: boolean;
  skipSchemaValidation?: boolean;
  namespace?: string;
  [key: string]: unknown;
}

export interface HelmRenderInput {
  /** The chart's directory (inside `repoRoot`). */
  chartDir: string;
  repoRoot: string;
  /** `ref` name → the root of that source's checkout, for `$ref/…` value files. */
  refs: Map<string, string>;
  helm: HelmSourceOptions;
  /** Default release name: the Application's name. */
  appName: string;
  namespace: string;
  kubeVersion?: string;
  apiVersions: string[];
}

function valueFilePath(
  file: string,
  input: HelmRenderInput,
): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
    throw new ManifestError(
      `value file ${JSON.stringify(
        file,
      )} is a URL: the sandbox's repo server reads value files from Git only`,
    );
  }
  const ref = /^\$([^/]+)\/(.*)$/.exec(file);
  if (ref) {
    const root = input.refs.get(ref[1]);
    if (!root) {
      throw new ManifestError(
        `source referenced "$${ref[1]}", but no source has a 'ref' field of '${ref[1]}'`,
      );
    }
    return resolveInside(root, ref[2], 'value file');
  }
  const chartRelative = path.relative(input.repoRoot, input.chartDir);
  return resolveInside(
    input.repoRoot,
    path.join(chartRelative, file),
    'value file',
  );
}

/** The arguments Argo CD passes to `helm template`, and the temporary files they name. */
function templateArgs(input: HelmRenderInput, scratch: string): string[] {
  const { helm } = input;
  const args = [
    'template',
    input.chartDir,
    '--name-template',
    helm.releaseName || input.appName,
    '--namespace',
    helm.namespace || input.namespace,
  ];
  if (input.kubeVersion) args.push('--kube-version', input.kubeVersion);
  for (const file of helm.valueFiles ?? []) {
    const resolved = valueFilePath(file, input);
    if (resolved && fs.existsSync(resolved)) {
      args.push('--values', resolved);
    } else if (!helm.ignoreMissingValueFiles) {
      throw new ManifestError(
        `open ${file}: no such file or directory (set ignoreMissingValueFiles to skip missing value files)`,
      );
    }
  }
  const inline = helm.valuesObject
    ? yaml.stringify(helm.valuesObject)
    : helm.values;
  if (inline) {
    const file = path.join(scratch, 'values.yaml');
    fs.writeFileSync(file, inline);
    args.push('--values', file);
  }
  for (const p of helm.parameters ?? []) {
    args.push(p.forceString ? '--set-string' : '--set', `${p.name}=${p.value}`);
  }
  for (const v of input.apiVersions) args.push('--api-versions', v);
  if (!helm.skipCrds) args.push('--include-crds');
  if (helm.skipTests) args.push('--skip-tests');
  if (helm.skipSchemaValidation) args.push('--skip-schema-validation');
  return args;
}

export async function helmManifests(
  input: HelmRenderInput,
): Promise<KubeObject[]> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-helm-'));
  try {
    const args = templateArgs(input, scratch);
    const result = await runHelm(args, { cwd: input.chartDir });
    if (result.status !== 0) {
      const shown = args
        .slice(0, 6)
        .map(a => a.replace(input.repoRoot, '.'))
        .join(' ');
      throw new ManifestError(
        `\`helm ${shown} …\` failed exit status ${
          result.status ?? 'unknown'
        }: ${result.stderr.trim()}`,
      );
    }
    return parseManifests(result.stdout, 'helm template output');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
