import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { ServiceNameField } from './ServiceNameField';
import { validateServiceName } from './nameAvailability';

/** Name templates use: `ui:field: EksServiceName`. */
export const SERVICE_NAME_FIELD = 'EksServiceName';

export const ServiceNameFieldSchema = makeFieldSchema({
  output: z => z.string(),
});

/** The scaffolder form field, loaded lazily by the FormFieldBlueprint. */
export const ServiceNameFormField = createFormField({
  name: SERVICE_NAME_FIELD,
  component: ServiceNameField,
  schema: ServiceNameFieldSchema,
  validation: validateServiceName,
});
