import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { eksPlatformPlugin } from '../plugin';
import { environmentPickerFormField } from './environmentPickerField';

describe('environmentPickerFormField', () => {
  it('gives the scaffolder a lazily loaded field named EksEnvironmentPicker', async () => {
    const loader = createExtensionTester(environmentPickerFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    const field = (await loader()) as unknown as {
      $$type: string;
      version: string;
      name: string;
      component: unknown;
      schema?: { schema: unknown };
    };
    expect(field.$$type).toBe('@backstage/scaffolder/FormField');
    expect(field.name).toBe('EksEnvironmentPicker');
    expect(typeof field.component).toBe('function');
    // Shown on /create/custom-fields: what the field returns and its options.
    expect(field.schema?.schema).toMatchObject({
      returnValue: { type: 'array', items: { type: 'string' } },
      uiOptions: { properties: { selectAllByDefault: { type: 'boolean' } } },
    });
  });

  it('is installed with the plugin', () => {
    expect(
      eksPlatformPlugin.getExtension(
        'scaffolder-form-field:eks-platform/environment-picker',
      ),
    ).toBeDefined();
  });
});
