import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { EnvironmentPicker } from './EnvironmentPicker';

/** Name templates use: `ui:field: EksEnvironmentPicker`. */
export const ENVIRONMENT_PICKER_FIELD = 'EksEnvironmentPicker';

export const EnvironmentPickerFieldSchema = makeFieldSchema({
  output: z => z.array(z.string()),
  uiOptions: z =>
    z.object({
      selectAllByDefault: z
        .boolean()
        .optional()
        .describe(
          'Select every environment when the form opens without a value. Default true.',
        ),
    }),
});

/** The scaffolder form field, loaded lazily by the FormFieldBlueprint. */
export const EnvironmentPickerFormField = createFormField({
  name: ENVIRONMENT_PICKER_FIELD,
  component: EnvironmentPicker,
  schema: EnvironmentPickerFieldSchema,
});
