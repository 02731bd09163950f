import { writeChart } from './__testUtils__/smallChart';
import { lintChart, parseLintOutput } from './helmLint';

jest.setTimeout(60_000);

const schema = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: { greeting: { type: 'string' } },
});

const configMap =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: greeting\ndata:\n  greeting: {{ .Values.greeting | quote }}\n';

describe('lintChart (helm lint)', () => {
  it('passes a clean chart', () => {
    const lint = lintChart({
      chartDir: writeChart({ 'templates/cm.yaml': configMap }),
    });
    expect(lint.ok).toBe(true);
    expect(lint.messages.filter(m => m.severity !== 'INFO')).toEqual([]);
  });

  it('refuses values that break values.schema.json, naming the field', () => {
    const lint = lintChart({
      chartDir: writeChart({
        'templates/cm.yaml': configMap,
        'values.schema.json': schema,
      }),
      values: { greting: 'typo' },
    });
    expect(lint.ok).toBe(false);
    const error = lint.messages.find(m => m.severity === 'ERROR');
    expect(error?.path).toBe('values.yaml');
    expect(error?.message).toContain('greting');
  });

  it('with --strict, fails on a warning: an API removed from the pinned Kubernetes', () => {
    const chartDir = writeChart({
      'templates/pdb.yaml':
        'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: x\nspec:\n  minAvailable: 1\n',
    });
    const strict = lintChart({ chartDir, kubeVersion: '1.30.0' });
    expect(strict.ok).toBe(false);
    expect(strict.messages).toContainEqual(
      expect.objectContaining({
        severity: 'WARNING',
        message: expect.stringContaining('policy/v1beta1 PodDisruptionBudget'),
      }),
    );
    expect(
      lintChart({ chartDir, kubeVersion: '1.30.0', strict: false }).ok,
    ).toBe(true);
  });
});

describe('parseLintOutput', () => {
  it('reads severity, path and message, including continuation lines', () => {
    const output = [
      '==> Linting chart',
      '[INFO] Chart.yaml: icon is recommended',
      "[ERROR] values.yaml: - at '/a': got string",
      '- at /b: extra',
      '',
      'Error: 1 chart(s) linted, 1 chart(s) failed',
    ].join('\n');
    expect(parseLintOutput(output)).toEqual([
      { severity: 'INFO', path: 'Chart.yaml', message: 'icon is recommended' },
      {
        severity: 'ERROR',
        path: 'values.yaml',
        message: "- at '/a': got string\n- at /b: extra",
      },
    ]);
  });
});
