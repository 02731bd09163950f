import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { ReplicaCountField } from './ReplicaCountField';
import { validateReplicaCount } from './replicaValidation';

/** Name templates use: `ui:field: EksReplicaCount`. */
export const REPLICA_COUNT_FIELD = 'EksReplicaCount';

export const ReplicaCountFieldSchema = makeFieldSchema({
  output: z => z.number().int(),
  uiOptions: z =>
    z.object({
      replicaField: z
        .enum([
          'pdbMinAvailable',
          'replicas',
          'hpaMinReplicas',
          'hpaMaxReplicas',
        ])
        .describe(
          'Which number this is; the replica and disruption-budget rules are checked against the others in the form.',
        ),
    }),
});

/** The scaffolder form field, loaded lazily by the FormFieldBlueprint. */
export const ReplicaCountFormField = createFormField({
  name: REPLICA_COUNT_FIELD,
  component: ReplicaCountField,
  schema: ReplicaCountFieldSchema,
  validation: validateReplicaCount,
});
