import { createAsyncValidators } from '@backstage/plugin-scaffolder-react/alpha';
import { validateReplicaCount } from './replicaValidation';

/**
 * The golden-path template's runtime step, reduced to the replica numbers,
 * in the shape the scaffolder's Stepper hands to createAsyncValidators (the
 * ui:field and ui:options inline, the autoscaling branches as dependencies).
 */
const runtimeStep = {
  type: 'object',
  properties: {
    pdbMinAvailable: {
      type: 'integer',
      'ui:field': 'EksReplicaCount',
      'ui:options': { replicaField: 'pdbMinAvailable' },
    },
    autoscaling: { type: 'boolean' },
  },
  dependencies: {
    autoscaling: {
      oneOf: [
        {
          properties: {
            autoscaling: { const: true },
            hpaMinReplicas: {
              type: 'integer',
              'ui:field': 'EksReplicaCount',
              'ui:options': { replicaField: 'hpaMinReplicas' },
            },
            hpaMaxReplicas: {
              type: 'integer',
              'ui:field': 'EksReplicaCount',
              'ui:options': { replicaField: 'hpaMaxReplicas' },
            },
          },
        },
        {
          properties: {
            autoscaling: { const: false },
            replicas: {
              type: 'integer',
              'ui:field': 'EksReplicaCount',
              'ui:options': { replicaField: 'replicas' },
            },
          },
        },
      ],
    },
  },
};

const validate = createAsyncValidators(
  runtimeStep,
  { EksReplicaCount: validateReplicaCount as any },
  { apiHolder: { get: () => undefined } },
);

function errorsOf(result: any, field: string): string[] {
  return result[field]?.__errors ?? [];
}

describe('the replica fields on "Next"', () => {
  it('say beside minAvailable and Replicas that 3 fixed replicas allow minAvailable 2 at most', async () => {
    const result = await validate({
      pdbMinAvailable: 3,
      autoscaling: false,
      replicas: 3,
    });
    expect(errorsOf(result, 'pdbMinAvailable')).toEqual([
      'With 3 replicas, minAvailable can be at most 2, so a node drain can still move a pod: lower it to 2 or less, or raise the replicas.',
    ]);
    expect(errorsOf(result, 'replicas')).toEqual([
      'Replicas must be at least 4 (PodDisruptionBudget minAvailable 3 + 1), so a node drain can still move a pod: raise it, or lower minAvailable.',
    ]);
  });

  it('say beside the autoscaler maximum that it must reach the minimum', async () => {
    const result = await validate({
      pdbMinAvailable: 2,
      autoscaling: true,
      hpaMinReplicas: 6,
      hpaMaxReplicas: 4,
    });
    expect(errorsOf(result, 'hpaMaxReplicas')).toEqual([
      'The autoscaler maximum (4) is below its minimum (6): set it to 6 or more.',
    ]);
    expect(errorsOf(result, 'hpaMinReplicas')).toEqual([]);
    expect(errorsOf(result, 'pdbMinAvailable')).toEqual([]);
  });

  it('add nothing when the numbers hold', async () => {
    const result = await validate({
      pdbMinAvailable: 2,
      autoscaling: true,
      hpaMinReplicas: 3,
      hpaMaxReplicas: 10,
    });
    for (const field of [
      'pdbMinAvailable',
      'hpaMinReplicas',
      'hpaMaxReplicas',
    ]) {
      expect(errorsOf(result, field)).toEqual([]);
    }
  });
});
