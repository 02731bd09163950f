import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { EntityDisplayNameField } from './EntityDisplayNameField';

/** Name templates use: `ui:field: EksEntityDisplayName`. */
export const ENTITY_DISPLAY_NAME_FIELD = 'EksEntityDisplayName';

export const EntityDisplayNameFieldSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z =>
    z.object({
      entityRefField: z
        .string()
        .describe(
          'The field of the same form whose entity ref (or list of refs) this one names for the Review step, e.g. owner.',
        ),
      defaultKind: z
        .string()
        .optional()
        .describe(
          "The kind a short ref in that field means (the picker's defaultKind), e.g. Group.",
        ),
    }),
});

/** The scaffolder form field, loaded lazily by the FormFieldBlueprint. */
export const EntityDisplayNameFormField = createFormField({
  name: ENTITY_DISPLAY_NAME_FIELD,
  component: EntityDisplayNameField,
  schema: EntityDisplayNameFieldSchema,
});
