import {
  lowestReplicas,
  pdbMaxUnavailable,
  replicaProblems,
} from './replicaBudget';

describe('replicaProblems', () => {
  it('accepts the defaults: 3 to 10 replicas with minAvailable 2', () => {
    expect(
      replicaProblems({
        autoscaling: true,
        hpaMinReplicas: 3,
        hpaMaxReplicas: 10,
        pdbMinAvailable: 2,
      }),
    ).toEqual([]);
  });

  it('says that 3 fixed replicas allow minAvailable 2 at most, beside both fields', () => {
    expect(
      replicaProblems({ autoscaling: false, replicas: 3, pdbMinAvailable: 4 }),
    ).toEqual([
      {
        field: 'pdbMinAvailable',
        message:
          'With 3 replicas, minAvailable can be at most 2, so a node drain can still move a pod: lower it to 2 or less, or raise the replicas.',
      },
      {
        field: 'replicas',
        message:
          'Replicas must be at least 5 (PodDisruptionBudget minAvailable 4 + 1), so a node drain can still move a pod: raise it, or lower minAvailable.',
      },
    ]);
  });

  it('points at the autoscaler minimum when autoscaling is on', () => {
    const problems = replicaProblems({
      autoscaling: true,
      hpaMinReplicas: 3,
      hpaMaxReplicas: 5,
      pdbMinAvailable: 3,
    });
    expect(problems.map(p => p.field)).toEqual([
      'pdbMinAvailable',
      'hpaMinReplicas',
    ]);
    expect(problems[1].message).toBe(
      'The autoscaler minimum replicas must be at least 4 (PodDisruptionBudget minAvailable 3 + 1), so a node drain can still move a pod: raise it, or lower minAvailable.',
    );
  });

  it('says the autoscaler maximum must reach the minimum', () => {
    expect(
      replicaProblems({
        hpaMinReplicas: 6,
        hpaMaxReplicas: 5,
        pdbMinAvailable: 2,
      }),
    ).toEqual([
      {
        field: 'hpaMaxReplicas',
        message:
          'The autoscaler maximum (5) is below its minimum (6): set it to 6 or more.',
      },
    ]);
  });

  it('ignores the autoscaler numbers when autoscaling is off', () => {
    expect(
      replicaProblems({
        autoscaling: false,
        replicas: 3,
        hpaMinReplicas: 9,
        hpaMaxReplicas: 2,
        pdbMinAvailable: 2,
      }),
    ).toEqual([]);
  });

  it('judges nothing while a number is missing', () => {
    expect(replicaProblems({ autoscaling: false, pdbMinAvailable: 4 })).toEqual(
      [],
    );
  });
});

describe('pdbMaxUnavailable', () => {
  it('is the lowest replica count minus minAvailable, as the chart writes it', () => {
    expect(pdbMaxUnavailable({ hpaMinReplicas: 3, pdbMinAvailable: 2 })).toBe(
      1,
    );
    expect(
      pdbMaxUnavailable({
        autoscaling: false,
        replicas: 5,
        pdbMinAvailable: 2,
      }),
    ).toBe(3);
    expect(lowestReplicas({ autoscaling: false })).toBeUndefined();
  });
});
