import { runHelm } from './helmCli';
import { ChartValues, commandKey, valuesArgs } from './helmValues';

export interface LintOptions extends ChartValues {
  chartDir: string;
  /** Default `default`. */
  namespace?: string;
  kubeVersion?: string;
  /** `--strict`: warnings fail too. Default true. */
  strict?: boolean;
}

export interface LintMessage {
  severity: 'INFO' | 'WARNING' | 'ERROR';
  /** What it is about, e.g. `templates/` or `values.yaml`. */
  path: string;
  message: string;
}

export interface HelmLint {
  /** helm exited 0. */
  ok: boolean;
  messages: LintMessage[];
  /** Helm's whole output (stdout and stderr), for failure messages. */
  output: string;
}

/** `[ERROR] templates/: …` lines of `helm lint`. */
export function parseLintOutput(output: string): LintMessage[] {
  const messages: LintMessage[] = [];
  for (const m of output.matchAll(
    /^\[(INFO|WARNING|ERROR)\] ([^:\n]*): (.*(?:\n(?!\[|Error:|==>|\d+ chart).*)*)/gm,
  )) {
    messages.push({
      severity: m[1] as LintMessage['severity'],
      path: m[2],
      message: m[3].trim(),
    });
  }
  return messages;
}

const cache = new Map<string, HelmLint>();

/**
 * `helm lint` (strict unless told otherwise) with the real Helm; it renders
 * every template and validates the values against values.schema.json.
 * Cached per process like renders.
 */
export function lintChart(options: LintOptions): HelmLint {
  const { chartDir, valuesFiles, values, set, ...rest } = options;
  const key = commandKey(chartDir, { valuesFiles, values, set }, rest);
  let result = cache.get(key);
  if (!result) {
    const run = runHelm([
      'lint',
      chartDir,
      ...(options.strict === false ? [] : ['--strict']),
      '--namespace',
      options.namespace ?? 'default',
      ...(options.kubeVersion ? ['--kube-version', options.kubeVersion] : []),
      ...valuesArgs(options),
    ]);
    const output = `${run.stdout}${run.stderr}`;
    result = {
      ok: run.status === 0,
      messages: parseLintOutput(output),
      output,
    };
    cache.set(key, result);
  }
  return structuredClone(result);
}
