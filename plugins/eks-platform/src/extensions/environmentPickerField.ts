import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * `ui:field: EksEnvironmentPicker` for the scaffolder's forms: the
 * platform's environments from the status backend. Installed with the
 * plugin; the scaffolder collects every `scaffolder-form-field` extension.
 */
export const environmentPickerFormField = FormFieldBlueprint.make({
  name: 'environment-picker',
  params: {
    field: () =>
      import('../components/EnvironmentPicker/field').then(
        m => m.EnvironmentPickerFormField,
      ),
  },
});
