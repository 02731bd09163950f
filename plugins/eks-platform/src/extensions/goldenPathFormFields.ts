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

/**
 * `ui:field: EksEntityDisplayName`: a hidden companion of an entity picker
 * that stores the picked entities' display names for the Review step.
 */
export const entityDisplayNameFormField = FormFieldBlueprint.make({
  name: 'entity-display-name',
  params: {
    field: () =>
      import('../components/EntityDisplayNameField/field').then(
        m => m.EntityDisplayNameFormField,
      ),
  },
});
