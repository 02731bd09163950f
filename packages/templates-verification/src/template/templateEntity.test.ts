import {
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  DefaultNamespaceEntityPolicy,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { loadTemplateEntity } from '../scaffolder/templateFiles';

describe('template.yaml', () => {
  const entity = loadTemplateEntity();

  it("passes the scaffolder's template validator", async () => {
    await expect(templateEntityV1beta3Validator.check(entity)).resolves.toBe(
      true,
    );
  });

  it("passes the catalog's entity policies", async () => {
    const policy = EntityPolicies.allOf([
      new DefaultNamespaceEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new FieldFormatEntityPolicy(),
      new SchemaValidEntityPolicy(),
    ]);
    await expect(policy.enforce(entity)).resolves.toBeDefined();
  });

  it('rejects a broken template, so the validator is not vacuous', async () => {
    const broken = { ...entity, spec: { ...entity.spec, steps: 'fetch' } };
    await expect(
      Promise.resolve().then(() =>
        templateEntityV1beta3Validator.check(broken),
      ),
    ).rejects.toThrow();
  });

  it('restarts crashed tasks from the beginning', () => {
    expect(entity.spec.EXPERIMENTAL_recovery).toEqual({
      EXPERIMENTAL_strategy: 'startOver',
    });
  });

  it('renders only *.njk files, so GitHub and Helm expressions are never templated', () => {
    const fetch = entity.spec.steps.find(
      (s: any) => s.action === 'fetch:template',
    );
    expect(fetch.input.templateFileExtension).toBe(true);
    expect(fetch.input.copyWithoutTemplating).toBeUndefined();
  });

  it('uses the pickers the form needs and limits repository hosts', () => {
    const props = Object.assign(
      {},
      ...entity.spec.parameters.map((p: any) => p.properties),
    );
    expect(props.owner['ui:field']).toBe('OwnerPicker');
    expect(props.system['ui:field']).toBe('EntityPicker');
    expect(props.repoUrl['ui:field']).toBe('RepoUrlPicker');
    expect(props.repoUrl['ui:options'].allowedHosts).toEqual([
      '127.0.0.1:7130',
      'github.com',
    ]);
    // Environments from platform config; peers from the catalog, deployable
    // services only, nothing typed by hand.
    expect(props.environments['ui:field']).toBe('EksEnvironmentPicker');
    for (const field of ['allowedCallers', 'dependencies']) {
      expect(props[field]['ui:field']).toBe('MultiEntityPicker');
      expect(props[field]['ui:options'].allowArbitraryValues).toBe(false);
      expect(
        JSON.stringify(props[field]['ui:options'].catalogFilter),
      ).toContain('metadata.annotations.backstage.io/kubernetes-id');
    }
    // Platform facts are not form fields any more (the event bus's cluster,
    // brokers and CIDRs are eksPlatform.environments[].kafka).
    const messaging = JSON.stringify(
      entity.spec.parameters.find((p: any) => p.title === 'Messaging'),
    );
    for (const field of ['kafkaCluster', 'kafkaBrokers', 'kafkaBrokerCidrs']) {
      expect(messaging).not.toContain(field);
    }
    for (const field of [
      'namespace',
      'awsAccountId',
      'awsRegion',
      'gitopsRepoUrl',
      'argocdInstance',
    ]) {
      expect(props[field]).toBeUndefined();
    }
  });

  it('shows display names on Review from companions that no step reads', () => {
    // Each picked ref is left off Review and named by a hidden
    // EksEntityDisplayName companion on the same page. The companions are
    // display only: the backend must never act on them, so no step, output
    // or other parameter may read one.
    const companions: Array<[string, any, Record<string, any>]> = [];
    for (const page of entity.spec.parameters) {
      for (const [key, schema] of Object.entries<any>(page.properties ?? {})) {
        if (schema['ui:field'] === 'EksEntityDisplayName')
          companions.push([key, schema, page.properties]);
      }
    }
    expect(companions.map(([key]) => key)).toEqual([
      'ownerDisplayName',
      'systemDisplayName',
      'allowedCallersDisplayNames',
      'dependenciesDisplayNames',
    ]);
    const readers = JSON.stringify({
      steps: entity.spec.steps,
      output: entity.spec.output,
    });
    for (const [key, schema, properties] of companions) {
      const source = properties[schema['ui:options'].entityRefField];
      expect({ key, source: !!source }).toEqual({ key, source: true });
      expect(source['ui:backstage']).toEqual({ review: { show: false } });
      expect(schema.title).toBe(source.title);
      expect(schema['ui:widget']).toBe('hidden');
      expect(
        entity.spec.parameters.flatMap((p: any) => p.required ?? []),
      ).not.toContain(key);
      const reads = (field: string) =>
        new RegExp(`parameters(\\.${field}\\b|\\[.${field}.\\])`).test(readers);
      // The picker's own value is what the steps use.
      expect({
        key,
        readsSource: reads(schema['ui:options'].entityRefField),
      }).toEqual({ key, readsSource: true });
      expect({ key, readsCompanion: reads(key) }).toEqual({
        key,
        readsCompanion: false,
      });
    }
  });

  it('constrains every free-text field with a pattern and a length', () => {
    const strings: Array<[string, any]> = [];
    const collect = (props: Record<string, any>, prefix: string) => {
      for (const [key, schema] of Object.entries(props ?? {})) {
        if (schema.type === 'string' && !schema.enum)
          strings.push([`${prefix}${key}`, schema]);
        if (
          schema.type === 'array' &&
          schema.items?.type === 'string' &&
          !schema.items.enum
        ) {
          strings.push([`${prefix}${key}[]`, schema.items]);
        }
        if (schema.items?.properties)
          collect(schema.items.properties, `${prefix}${key}[].`);
      }
    };
    for (const page of entity.spec.parameters) {
      collect(page.properties, '');
      for (const dep of Object.values<any>(page.dependencies ?? {})) {
        collect(dep.properties, '');
        for (const branch of dep.oneOf ?? []) collect(branch.properties, '');
      }
    }
    expect(strings.length).toBeGreaterThanOrEqual(15);
    for (const [field, schema] of strings) {
      expect({ field, pattern: typeof schema.pattern }).toEqual({
        field,
        pattern: 'string',
      });
      expect(
        schema.pattern.startsWith('^') && schema.pattern.endsWith('$'),
      ).toBe(true);
      expect({ field, maxLength: typeof schema.maxLength }).toEqual({
        field,
        maxLength: 'number',
      });
    }
  });
});
