import {
  SECRET_VALUE_KEY,
  secretLookingValues,
} from '@internal/backstage-plugin-eks-platform-node';
import { loadTemplateEntity } from '../scaffolder/templateFiles';

/**
 * The allow-list: every value the template hands fetch:template ends up in
 * the generated repository's .backstage/template.json (the record template
 * upgrades render from). A new value fails here until it is reviewed as
 * not secret and added.
 */
const RECORDED_VALUE_KEYS = [
  'template',
  'name',
  'description',
  'owner',
  'system',
  'lifecycle',
  'language',
  'namespace',
  'environments',
  'environmentSettings',
  'awsAccountId',
  'awsRegion',
  'gitopsRepoUrl',
  'argocdInstance',
  'runbookBaseUrl',
  'allowedCallers',
  'dependencies',
  'dependsOn',
  'consumesApis',
  'replicas',
  'pdbMinAvailable',
  'resourcePreset',
  'cpu',
  'memory',
  'autoscaling',
  'hpaMinReplicas',
  'hpaMaxReplicas',
  'hpaCpuTarget',
  'hpaMemoryTarget',
  'istio',
  'ingressMode',
  'ingressHost',
  'certificateArn',
  // Vault paths and role names, not secret material.
  'vaultSecrets',
  'vaultDatabaseRole',
  'vaultDatabaseConnection',
  'repoUrl',
  'kafka',
].sort();

const entity = loadTemplateEntity();
const fetchStep = entity.spec.steps.find(
  (s: any) => s.action === 'fetch:template',
);
const values: Record<string, unknown> = fetchStep.input.values;

/** Form fields that take secrets (the scaffolder's Secret field, password widgets). */
function secretParameters(): string[] {
  const pages = Array.isArray(entity.spec.parameters)
    ? entity.spec.parameters
    : [entity.spec.parameters];
  const names: string[] = [];
  const visit = (properties: Record<string, any> = {}) => {
    for (const [name, schema] of Object.entries(properties)) {
      if (
        schema?.['ui:field'] === 'Secret' ||
        schema?.['ui:widget'] === 'password' ||
        schema?.format === 'password'
      ) {
        names.push(name);
      }
    }
  };
  for (const page of pages) {
    visit(page.properties);
    for (const dep of Object.values<any>(page.dependencies ?? {})) {
      for (const branch of dep.oneOf ?? []) visit(branch.properties);
    }
  }
  return names;
}

describe('what a generated repository records (.backstage/template.json)', () => {
  it('is exactly the allow-listed values', () => {
    expect(Object.keys(values).sort()).toEqual(RECORDED_VALUE_KEYS);
  });

  it('holds no value whose key names secret material (the deny-list)', () => {
    expect(secretLookingValues(values)).toEqual([]);
    expect(RECORDED_VALUE_KEYS.filter(k => SECRET_VALUE_KEY.test(k))).toEqual(
      [],
    );
  });

  it('takes nothing from the task secrets or a secret form field', () => {
    const text = JSON.stringify(values);
    expect(text).not.toMatch(/\bsecrets\./);
    for (const name of secretParameters()) {
      expect(text).not.toContain(`parameters.${name}`);
    }
  });

  it('the deny-list catches secret-looking keys and values', () => {
    expect(
      secretLookingValues({
        dbPassword: 'x',
        nested: { apiKey: 'y', fine: ['ghp_abcdefghijklmnopqrstuvwxyz0123'] },
        vaultSecrets: ['orders/db'],
      }),
    ).toEqual([
      'values.dbPassword: the key names secret material',
      'values.nested.apiKey: the key names secret material',
      'values.nested.fine[0]: looks like a GitHub token',
    ]);
  });
});
