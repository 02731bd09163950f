import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { TemplateAtVersion } from './templateHistory';

/** The inputs of fetch:template an upgrade replays (never `values`: they come from the record). */
const REPLAYED_INPUTS = [
  'url',
  'targetPath',
  'templateFileExtension',
  'copyWithoutTemplating',
  'copyWithoutRender',
  'cookiecutterCompat',
  'replace',
  'trimBlocks',
  'lstripBlocks',
] as const;

export interface SkeletonStep {
  id: string;
  /** fetch:template's inputs except values, as template.yaml sets them. */
  input: Record<string, unknown>;
  /** The step's `values` as written in template.yaml (expressions unevaluated). */
  valueExpressions: Record<string, unknown>;
}

/** A template version's entity YAML, its fetch:template steps and parameter defaults. */
export interface TemplateDefinition {
  skeletonSteps: SkeletonStep[];
  /** Form parameter name → its `default`, over every page of the form. */
  parameterDefaults: Record<string, unknown>;
}

/**
 * Reads what an upgrade needs from template.yaml: the fetch:template steps
 * that write the repository (their static inputs) and the form's defaults.
 * Steps whose replayed inputs are expressions cannot be replayed from a
 * record and are refused.
 */
export async function readTemplateDefinition(
  template: TemplateAtVersion,
): Promise<TemplateDefinition> {
  const doc = parse(
    await fs.readFile(path.join(template.dir, 'template.yaml'), 'utf8'),
  );
  const steps: any[] = Array.isArray(doc?.spec?.steps) ? doc.spec.steps : [];
  const skeletonSteps = steps
    .filter(s => s?.action === 'fetch:template')
    .map((s, i): SkeletonStep => {
      const id = String(s.id ?? `fetch-${i}`);
      const input: Record<string, unknown> = {};
      for (const key of REPLAYED_INPUTS) {
        const value = s.input?.[key];
        if (value === undefined) continue;
        if (JSON.stringify(value).includes('${{')) {
          throw new InputError(
            `Template version ${template.version}: step "${id}" sets fetch:template input "${key}" from an expression, which an upgrade cannot replay; make it a constant.`,
          );
        }
        input[key] = value;
      }
      if (typeof input.url !== 'string' || /^[a-z]+:/i.test(input.url)) {
        throw new InputError(
          `Template version ${template.version}: step "${id}" must fetch a skeleton folder next to template.yaml (url: ./skeleton) for upgrades to render it.`,
        );
      }
      return { id, input, valueExpressions: s.input?.values ?? {} };
    });
  if (!skeletonSteps.length) {
    throw new InputError(
      `Template version ${template.version} has no fetch:template step, so it generates no files to upgrade.`,
    );
  }
  const parameterDefaults: Record<string, unknown> = {};
  const pages = Array.isArray(doc?.spec?.parameters)
    ? doc.spec.parameters
    : [doc?.spec?.parameters ?? {}];
  for (const page of pages) {
    for (const [name, schema] of Object.entries<any>(page?.properties ?? {})) {
      if (schema && 'default' in schema)
        parameterDefaults[name] = schema.default;
    }
  }
  return { skeletonSteps, parameterDefaults };
}

const PARAMETER_ONLY = /^\$\{\{\s*parameters\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/**
 * The values to render `definition` with: the recorded values, then for
 * each value the template passes that the record lacks, the form default
 * of the parameter it is taken from (`key: ${{ parameters.x }}`), then the
 * platform team's `overrides`. `missing` lists the keys still without a
 * value (rendered as unset).
 */
export function valuesForVersion(
  definition: TemplateDefinition,
  recorded: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): { values: Record<string, unknown>; defaulted: string[]; missing: string[] } {
  const values: Record<string, unknown> = { ...recorded };
  const defaulted: string[] = [];
  const missing: string[] = [];
  for (const step of definition.skeletonSteps) {
    for (const [key, expression] of Object.entries(step.valueExpressions)) {
      if (key in values || key in overrides || key === 'template') continue;
      const parameter =
        typeof expression === 'string'
          ? PARAMETER_ONLY.exec(expression.trim())?.[1]
          : undefined;
      if (parameter && parameter in definition.parameterDefaults) {
        values[key] = definition.parameterDefaults[parameter];
        defaulted.push(key);
      } else {
        missing.push(key);
      }
    }
  }
  return { values: { ...values, ...overrides }, defaulted, missing };
}
