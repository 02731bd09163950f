import {
  ReplicaField,
  replicaProblems,
  ReplicaSettings,
} from '@internal/backstage-plugin-eks-platform-common';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';

/** rjsf's per-field error collector, as the scaffolder hands it to validators. */
type FieldValidation = Parameters<CustomFieldValidator<unknown>>[1];

const REPLICA_FIELDS: ReplicaField[] = [
  'pdbMinAvailable',
  'replicas',
  'hpaMinReplicas',
  'hpaMaxReplicas',
];

/** Which replica number a field holds (its `ui:options.replicaField`). */
export function replicaFieldOf(uiSchema: unknown): ReplicaField | undefined {
  const options = (uiSchema as { 'ui:options'?: { replicaField?: unknown } })?.[
    'ui:options'
  ];
  const field = options?.replicaField;
  return REPLICA_FIELDS.find(f => f === field);
}

/**
 * The cross-field sentences for one field, from the rules the backend and
 * the chart use (`replicaProblems`), read from the whole form's values.
 */
export function replicaMessagesFor(
  field: ReplicaField,
  formData: unknown,
): string[] {
  const values = (formData ?? {}) as ReplicaSettings;
  return replicaProblems({
    autoscaling: values.autoscaling,
    replicas: values.replicas,
    hpaMinReplicas: values.hpaMinReplicas,
    hpaMaxReplicas: values.hpaMaxReplicas,
    pdbMinAvailable: values.pdbMinAvailable,
  })
    .filter(p => p.field === field)
    .map(p => p.message);
}

/**
 * The field's `validation`: the scaffolder calls it on "Next" with the
 * whole form's data, and shows what it adds beside this field.
 */
export function validateReplicaCount(
  _value: number | undefined,
  validation: FieldValidation,
  context: { formData?: unknown; uiSchema?: unknown },
): void {
  const field = replicaFieldOf(context.uiSchema);
  if (!field) return;
  for (const message of replicaMessagesFor(field, context.formData)) {
    validation.addError(message);
  }
}
