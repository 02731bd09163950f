import { generatedTrees } from '../scaffolder/generatedTrees';
import { inputSets } from '../scaffolder/inputSets';
import { ENVIRONMENTS, lintGeneratedChart, materialise } from './chartRenders';

/*
 * `helm lint --strict` (the real Helm) of the chart the template generates,
 * for every input set and environment: warnings fail too, every template is
 * rendered and the values are validated against values.schema.json.
 * Helm lints in "lint mode", where `fail` and `required` only log: the
 * chart's own guards are proven with `helm template` (chartGuards.test.ts).
 */
jest.setTimeout(180_000);

const repos: Record<string, string> = {};

beforeAll(async () => {
  const trees = await generatedTrees();
  for (const name of Object.keys(inputSets)) {
    repos[name] = materialise(trees[name], `lint-${name}`);
  }
});

const cases = Object.keys(inputSets).flatMap(name =>
  ENVIRONMENTS.map(env => [name, env] as const),
);

describe('helm lint --strict', () => {
  it.each(cases)('passes for %s in %s, without a warning', (name, env) => {
    const lint = lintGeneratedChart(repos[name], env, {
      namespace: String(inputSets[name].namespace),
    });
    expect({ ok: lint.ok, output: lint.output }).toEqual({
      ok: true,
      output: expect.stringContaining('1 chart(s) linted, 0 chart(s) failed'),
    });
    expect(lint.messages.filter(m => m.severity !== 'INFO')).toEqual([]);
  });

  it.each([
    ['a misspelt key', { autoscaling: { minReplica: 3 } }, 'minReplica'],
    ['a wrong type', { autoscaling: { maxReplicas: 'ten' } }, 'maxReplicas'],
    ['a root user', { securityContext: { runAsUser: 0 } }, 'runAsUser'],
    ['an unknown environment', { environment: 'qa' }, 'environment'],
  ])('refuses %s through values.schema.json', (_label, values, field) => {
    const lint = lintGeneratedChart(repos.minimal, 'dev', {
      namespace: 'payments',
      values,
    });
    expect(lint.ok).toBe(false);
    const errors = lint.messages.filter(m => m.severity === 'ERROR');
    expect(errors.map(e => e.message).join('\n')).toContain(
      "values don't meet the specifications of the schema",
    );
    expect(errors.map(e => e.message).join('\n')).toContain(field);
  });
});
