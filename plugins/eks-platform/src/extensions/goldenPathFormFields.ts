import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * `ui:field: EksReplicaCount`: a replica or disruption-budget number of the
 * golden-path form, checked against the others with the rules the chart and
 * eks:platform:resolve use.
 */
export const replicaCountFormField = FormFieldBlueprint.make({
  name: 'replica-count',
  params: {
    field: () =>
      import('../components/ReplicaCountField/field').then(
        m => m.ReplicaCountFormField,
      ),
  },
});

/** `ui:field: EksServiceName`: the service name, checked for availability in the catalog on the first step. */
export const serviceNameFormField = FormFieldBlueprint.make({
  name: 'service-name',
  params: {
    field: () =>
      import('../components/ServiceNameField/field').then(
        m => m.ServiceNameFormField,
      ),
  },
});
