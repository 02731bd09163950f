import Ajv from 'ajv';
import ajvErrors from 'ajv-errors';
import { replicaProblems } from '@internal/backstage-plugin-eks-platform-common';
import { loadTemplateEntity } from '../scaffolder/templateFiles';

/*
 * The golden-path form shows ajv's errors beside each field; the
 * scaffolder's form runs ajv with ajv-errors, so a field's `errorMessage`
 * replaces "must match pattern ..." with a sentence that says what to fix.
 * These tests run the same two libraries on the template's own steps.
 */

const KEYWORDS = [
  'pattern',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minimum',
  'maximum',
] as const;

const template = loadTemplateEntity();
const steps: any[] = template.spec.parameters;

/** Every schema below `schema` that declares properties, items or branches, with its path. */
function* fieldSchemas(schema: any, at: string): Generator<[string, any]> {
  if (!schema || typeof schema !== 'object') return;
  if (KEYWORDS.some(k => k in schema)) yield [at, schema];
  for (const [name, child] of Object.entries<any>(schema.properties ?? {})) {
    yield* fieldSchemas(child, `${at}.${name}`);
  }
  if (schema.items) yield* fieldSchemas(schema.items, `${at}[]`);
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    for (const branch of schema[key] ?? []) yield* fieldSchemas(branch, at);
  }
  for (const dep of Object.values<any>(schema.dependencies ?? {})) {
    yield* fieldSchemas(dep, at);
  }
}

function formAjv() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajvErrors(ajv);
  return ajv;
}

/** The errors the form shows, as { field path: messages }. */
function formErrors(step: any, values: Record<string, unknown>) {
  const validate = formAjv().compile(step);
  validate(values);
  const byField: Record<string, string[]> = {};
  for (const e of validate.errors ?? []) {
    (byField[e.instancePath] ??= []).push(e.message ?? '');
  }
  return byField;
}

describe('the golden-path form', () => {
  it('gives every pattern and limit a sentence of its own', () => {
    const missing: string[] = [];
    for (const step of steps) {
      for (const [at, schema] of fieldSchemas(step, step.title)) {
        if (schema.enum || schema.type === 'boolean') continue;
        // A branch that only narrows a list (anyOf: at least one topic).
        if (schema.minItems === 1 && !schema.type) continue;
        const messages = schema.errorMessage;
        for (const keyword of KEYWORDS) {
          if (!(keyword in schema)) continue;
          const text =
            typeof messages === 'string' ? messages : messages?.[keyword];
          if (typeof text !== 'string' || text.length < 15) {
            missing.push(`${at}: ${keyword}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('says how to write a service name instead of quoting the pattern', () => {
    expect(formErrors(steps[0], { name: 'Orders_API' })['/name']).toEqual([
      'Use only lowercase letters, digits and dashes, starting with a letter and not ending with a dash, e.g. orders-api.',
    ]);
    expect(formErrors(steps[0], { name: 'x' })['/name']).toEqual([
      'Use at least 2 characters.',
    ]);
  });

  it('says what a one-line description may not contain', () => {
    expect(
      formErrors(steps[0], { description: 'two\nlines' })['/description'],
    ).toEqual([
      'Write one line that does not start with a space: no line breaks, tabs or invisible direction characters.',
    ]);
  });

  it('asks for at least one environment in words', () => {
    expect(formErrors(steps[1], { environments: [] })['/environments']).toEqual(
      ['Choose at least one environment to deploy to.'],
    );
  });

  it('explains a CPU override it cannot read', () => {
    expect(formErrors(steps[1], { cpu: '0.5c' })['/cpu']).toEqual([
      'Write millicores such as 750m, or whole CPUs from 1 to 8 such as 2 or 1.5.',
    ]);
  });

  it('says the limit of minAvailable in pods', () => {
    expect(
      formErrors(steps[1], { pdbMinAvailable: 5 })['/pdbMinAvailable'],
    ).toEqual([
      'Keep at most 4 pods up during drains (and at least one fewer than the replicas).',
    ]);
  });

  it('leaves the replica rules to the shared function, which names the real limit', () => {
    // 3 fixed replicas with minAvailable 3 passes the schema (each number is
    // in range) and is refused beside the field by replicaProblems.
    const values = {
      environments: ['dev'],
      pdbMinAvailable: 3,
      resourcePreset: 'small',
      autoscaling: false,
      replicas: 3,
    };
    expect(formErrors(steps[1], values)).toEqual({});
    expect(replicaProblems(values).map(p => p.message)).toContain(
      'With 3 replicas, minAvailable can be at most 2, so a node drain can still move a pod: lower it to 2 or less, or raise the replicas.',
    );
  });

  it("never shows the validator's own wording for any field of any step", () => {
    const hostile = {
      name: 'A',
      description: ' x',
      cpu: 'lots',
      memory: '1.5Gi',
      pdbMinAvailable: 0,
      vaultSecrets: ['../x'],
      repoUrl: 'gitlab.com?owner=a&repo=b',
      ingressMode: 'public',
      ingressHost: 'HTTP://x',
      certificateArn: 'arn',
      messaging: 'kafka',
      kafkaProduceTopics: ['Orders'],
    };
    const raw = steps.flatMap(step =>
      Object.values(formErrors(step, hostile)).flat(),
    );
    expect(raw.length).toBeGreaterThan(5);
    expect(raw.filter(m => /^must /.test(m) && !/required/.test(m))).toEqual(
      [],
    );
  });
});
