import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { runHelm } from './helmCli';
import { ChartValues, commandKey, valuesArgs } from './helmValues';

export interface RenderOptions extends ChartValues {
  chartDir: string;
  /** Default `release-name`, as `helm template` has it. */
  releaseName?: string;
  /** Default `default`. */
  namespace?: string;
  /** `.Capabilities.KubeVersion` (e.g. `1.37.2`); Helm's own default when absent. */
  kubeVersion?: string;
  /** Extra `.Capabilities.APIVersions` (e.g. `monitoring.coreos.com/v1/ServiceMonitor`). */
  apiVersions?: string[];
}

/** One document of `helm template`'s output. */
export interface RenderedManifest {
  /** The template that produced it, e.g. `orders/templates/tests/test-connection.yaml`. */
  source: string;
  /** The document as Helm printed it. */
  text: string;
  /** The parsed document. */
  object: Record<string, any>;
  /** Its `helm.sh/hook` annotation (`test` for the chart's tests); undefined for release manifests. */
  hook?: string;
}

export interface HelmRender {
  /** helm exited 0. */
  ok: boolean;
  /** Helm's messages: the reason when `ok` is false. */
  stderr: string;
  /** The manifests then the hooks, in Helm's install order. */
  manifests: RenderedManifest[];
  /** `manifests[].object`, the shape most checks want. */
  documents: Array<Record<string, any>>;
  /** The chart's rendered NOTES.txt ('' when it has none). */
  notes: string;
}

/*
 * `helm template` prints manifests and hooks but never NOTES.txt (only
 * `helm install` does, and that needs a cluster). To check the notes with
 * Helm's own engine, values and capabilities, a copy of the chart gets one
 * more template that renders NOTES.txt's text through `tpl` into a ConfigMap;
 * that document is taken out of the output again.
 */
const NOTES_COPY = 'helm-notes-under-test/NOTES.txt';
const NOTES_TEMPLATE = 'templates/zz-helm-notes-under-test.yaml';
const NOTES_PROBE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: helm-notes-under-test
data:
  notes: {{ tpl (.Files.Get "${NOTES_COPY}") . | toJson }}
`;

function chartWithNotesProbe(chartDir: string): string | undefined {
  const notes = path.join(chartDir, 'templates', 'NOTES.txt');
  if (!fs.existsSync(notes)) return undefined;
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-chart-'));
  fs.cpSync(chartDir, copy, { recursive: true });
  fs.mkdirSync(path.join(copy, path.dirname(NOTES_COPY)));
  fs.copyFileSync(notes, path.join(copy, NOTES_COPY));
  fs.writeFileSync(path.join(copy, NOTES_TEMPLATE), NOTES_PROBE);
  return copy;
}

/** Splits `helm template` output into documents, keeping each `# Source:`. */
export function parseHelmOutput(stdout: string): RenderedManifest[] {
  const manifests: RenderedManifest[] = [];
  for (const chunk of stdout.split(/^---[ \t]*$/m)) {
    const source = /^# Source: (.+)$/m.exec(chunk)?.[1]?.trim() ?? '';
    const text = chunk.replace(/^\s*# Source: .+\n/, '').replace(/^\n+/, '');
    const object = yaml.parse(text);
    if (object === null || object === undefined) continue;
    manifests.push({
      source,
      text,
      object,
      hook: object.metadata?.annotations?.['helm.sh/hook'],
    });
  }
  return manifests;
}

const cache = new Map<string, HelmRender>();

function render(options: RenderOptions): HelmRender {
  const probeChart = chartWithNotesProbe(options.chartDir);
  const chartDir = probeChart ?? options.chartDir;
  try {
    const result = runHelm([
      'template',
      options.releaseName ?? 'release-name',
      chartDir,
      '--namespace',
      options.namespace ?? 'default',
      ...(options.kubeVersion ? ['--kube-version', options.kubeVersion] : []),
      ...(options.apiVersions ?? []).flatMap(v => ['--api-versions', v]),
      ...valuesArgs(options),
    ]);
    const ok = result.status === 0;
    const all = ok ? parseHelmOutput(result.stdout) : [];
    const probe = all.find(m => m.source.endsWith(`/${NOTES_TEMPLATE}`));
    const manifests = all.filter(m => m !== probe);
    return {
      ok,
      stderr: result.stderr,
      manifests,
      documents: manifests.map(m => m.object),
      notes: probe?.object.data?.notes ?? '',
    };
  } finally {
    if (probeChart) fs.rmSync(probeChart, { recursive: true, force: true });
  }
}

/**
 * `helm template` with the real Helm. Results are cached for the rest of the
 * process by the chart's content and every argument, so test files may ask
 * for the same render again freely; each call gets its own copy.
 */
export function renderChart(options: RenderOptions): HelmRender {
  const { chartDir, valuesFiles, values, set, ...rest } = options;
  const key = commandKey(chartDir, { valuesFiles, values, set }, rest);
  let result = cache.get(key);
  if (!result) {
    result = render(options);
    cache.set(key, result);
  }
  return structuredClone(result);
}
