import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { generatedTrees } from '../../scaffolder/generatedTrees';
import { inputSets } from '../../scaffolder/inputSets';
import {
  ENVIRONMENTS,
  EnvRender,
  Environment,
  chartDir,
  materialise,
  renderGeneratedChart,
} from '../chartRenders';

/*
 * The generated chart of every input set, rendered by the real Helm for every
 * environment and for "options": values a test lays over the generated ones
 * (Istio toggled, dependencies declared, …), as Argo CD would with one more
 * values file. Each case also carries the values Helm merged, so a test can
 * say what the manifests must allow without repeating the chart's logic.
 */

export type Values = Record<string, any>;

/** An option: the values laid over the generated ones (given those). */
export type ChartOption = (generated: Values) => Values;

export interface ChartCase {
  set: string;
  env: Environment;
  option: string;
  namespace: string;
  /** values.yaml, values-<env>.yaml and the option, merged as Helm merges them. */
  values: Values;
  render: EnvRender;
}

const repos: Record<string, string> = {};

/** The generated repository of an input set, written once per test file. */
export async function generatedRepo(set: string): Promise<string> {
  if (!repos[set]) {
    repos[set] = materialise((await generatedTrees())[set], `cases-${set}`);
  }
  return repos[set];
}

function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Helm's coalescing: maps merge key by key, anything else (lists too) is replaced. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] =
      isMap(value) && isMap(out[key]) ? mergeValues(out[key], value) : value;
  }
  return out;
}

function readValues(file: string): Values {
  return (yaml.parse(fs.readFileSync(file, 'utf8')) as Values) ?? {};
}

/** The generated values for one environment, before any option. */
export function generatedValues(repo: string, env: Environment): Values {
  const dir = chartDir(repo);
  return mergeValues(
    readValues(path.join(dir, 'values.yaml')),
    readValues(path.join(dir, `values-${env}.yaml`)),
  );
}

/** The names of every input set × environment × option (known before rendering, for `it.each`). */
export function caseNames(options: Record<string, ChartOption>): string[] {
  return Object.keys(inputSets).flatMap(set =>
    ENVIRONMENTS.flatMap(env =>
      Object.keys(options).map(option =>
        option === 'generated'
          ? `${set} in ${env}`
          : `${set} in ${env} (${option})`,
      ),
    ),
  );
}

/** Every input set × environment × option, rendered, by {@link caseNames}' names. */
export async function chartCases(
  options: Record<string, ChartOption> = { generated: () => ({}) },
): Promise<Record<string, ChartCase>> {
  const cases: Record<string, ChartCase> = {};
  const names = caseNames(options);
  let i = 0;
  for (const set of Object.keys(inputSets)) {
    const repo = await generatedRepo(set);
    const namespace = String(inputSets[set].namespace);
    for (const env of ENVIRONMENTS) {
      const generated = generatedValues(repo, env);
      for (const [option, overlay] of Object.entries(options)) {
        const over = overlay(generated);
        cases[names[i++]] = {
          set,
          env,
          option,
          namespace,
          values: mergeValues(generated, over),
          render: renderGeneratedChart(repo, env, {
            namespace,
            values: Object.keys(over).length > 0 ? over : undefined,
          }),
        };
      }
    }
  }
  return cases;
}

/** The one document of a kind (and name); throws with what was there otherwise. */
export function only(
  docs: Array<Record<string, any>>,
  kind: string,
  name?: string,
): Record<string, any> {
  const found = docs.filter(
    d => d.kind === kind && (name === undefined || d.metadata?.name === name),
  );
  if (found.length !== 1) {
    throw new Error(
      `expected one ${kind}${name ? ` ${name}` : ''}, found ${
        found.length
      }: ${docs.map(d => `${d.kind}/${d.metadata?.name}`).join(', ')}`,
    );
  }
  return found[0];
}

/** The Deployment of a track (`version` label of its selector): stable or canary. */
export function trackDeployment(
  docs: Array<Record<string, any>>,
  track: 'stable' | 'canary' = 'stable',
): Record<string, any> {
  const found = docs.filter(
    d =>
      d.kind === 'Deployment' &&
      d.spec?.selector?.matchLabels?.version === track,
  );
  if (found.length !== 1) {
    throw new Error(`expected one ${track} Deployment, found ${found.length}`);
  }
  return found[0];
}

/**
 * For a test file: renders the cases before its tests run (jest `beforeAll`)
 * and returns a lookup by {@link caseNames}' name, for `describe.each`.
 */
export function renderedCases(
  options: Record<string, ChartOption>,
): (name: string) => ChartCase {
  let cases: Record<string, ChartCase> | undefined;
  beforeAll(async () => {
    cases = await chartCases(options);
  });
  return name => {
    if (!cases?.[name]) throw new Error(`no rendered chart case "${name}"`);
    return cases[name];
  };
}
