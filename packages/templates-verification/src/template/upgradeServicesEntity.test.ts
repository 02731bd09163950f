import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { repoRoot } from '../paths';

/*
 * templates/upgrade-services as the catalog and the scaffolder take it. It
 * runs end to end in the scaffolder module's upgradeServicesRun.test.ts.
 */
const entity = yaml.parse(
  fs.readFileSync(
    path.join(repoRoot, 'templates', 'upgrade-services', 'template.yaml'),
    'utf8',
  ),
);

describe('templates/upgrade-services/template.yaml', () => {
  it("passes the scaffolder's template validator and the catalog's entity policies", async () => {
    await expect(templateEntityV1beta3Validator.check(entity)).resolves.toBe(
      true,
    );
    const policy = EntityPolicies.allOf([
      new DefaultNamespaceEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new FieldFormatEntityPolicy(),
      new SchemaValidEntityPolicy(),
    ]);
    await expect(policy.enforce(entity)).resolves.toBeDefined();
  });

  it('previews by default and selects before it upgrades', () => {
    const props = Object.assign(
      {},
      ...entity.spec.parameters.map((p: any) => p.properties),
    );
    expect(props.dryRun).toMatchObject({ type: 'boolean', default: true });
    expect(entity.spec.steps.map((s: any) => s.action)).toEqual([
      'eks:template:select-services',
      'eks:template:upgrade-many',
    ]);
  });

  it('offers only services made from a versioned template in "one service" mode', () => {
    const one = entity.spec.parameters[0].dependencies.mode.oneOf.find(
      (o: any) => o.properties.mode.const === 'one',
    );
    expect(one.properties.entityRef['ui:options'].catalogFilter).toEqual({
      kind: ['Component'],
      'metadata.annotations.eks.platform/template-ref': { exists: true },
    });
  });
});
