import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  componentEntityV1alpha1Validator,
  parseEntityRef,
} from '@backstage/catalog-model';
import yaml from 'yaml';
import { generatedTrees } from '../scaffolder/generatedTrees';
import { inputSets } from '../scaffolder/inputSets';

jest.setTimeout(120_000);

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

describe.each(Object.keys(inputSets))(
  'generated catalog-info.yaml (%s)',
  name => {
    let entity: any;
    let documentCount = 0;
    beforeAll(async () => {
      const trees = await generatedTrees();
      const docs = yaml.parseAllDocuments(trees[name]['catalog-info.yaml']);
      documentCount = docs.length;
      entity = docs[0].toJS();
    });

    it('holds exactly one entity', () => {
      expect(documentCount).toBe(1);
    });

    it('passes the Component kind validator', async () => {
      await expect(
        componentEntityV1alpha1Validator.check(entity),
      ).resolves.toBe(true);
    });

    it('passes the catalog entity policies (names, annotation keys and values)', async () => {
      await expect(policy.enforce(entity)).resolves.toBeDefined();
      for (const value of Object.values(entity.metadata.annotations)) {
        expect(typeof value).toBe('string');
      }
    });

    it('references its owner and system by full entity refs', () => {
      expect(parseEntityRef(entity.spec.owner)).toMatchObject({
        kind: 'group',
      });
      expect(parseEntityRef(entity.spec.system)).toMatchObject({
        kind: 'system',
      });
    });
  },
);
