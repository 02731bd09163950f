import { InputError } from '@backstage/errors';
import { checkReplicaSettings } from './checkReplicaSettings';

describe('checkReplicaSettings', () => {
  it("refuses 3 fixed replicas with minAvailable 3 in the form's own words", () => {
    expect(() =>
      checkReplicaSettings({
        autoscaling: false,
        replicas: 3,
        hpaMinReplicas: 0,
        hpaMaxReplicas: 0,
        pdbMinAvailable: 3,
      }),
    ).toThrow(
      new InputError(
        'pdbMinAvailable: With 3 replicas, minAvailable can be at most 2, so a node drain can still move a pod: lower it to 2 or less, or raise the replicas. replicas: Replicas must be at least 4 (PodDisruptionBudget minAvailable 3 + 1), so a node drain can still move a pod: raise it, or lower minAvailable.',
      ),
    );
  });

  it('refuses an autoscaler maximum below its minimum', () => {
    expect(() =>
      checkReplicaSettings({
        autoscaling: true,
        hpaMinReplicas: 6,
        hpaMaxReplicas: 5,
        replicas: 0,
        pdbMinAvailable: 2,
      }),
    ).toThrow(/hpaMaxReplicas: The autoscaler maximum \(5\) is below/);
  });

  it('accepts the defaults, and no settings at all (an older template)', () => {
    expect(() =>
      checkReplicaSettings({
        autoscaling: true,
        hpaMinReplicas: 3,
        hpaMaxReplicas: 10,
        replicas: 0,
        pdbMinAvailable: 2,
      }),
    ).not.toThrow();
    expect(() => checkReplicaSettings(undefined)).not.toThrow();
  });

  it('refuses what is not a number of pods before judging the rules', () => {
    expect(() => checkReplicaSettings({ replicas: '3; rm -rf /' })).toThrow(
      'Invalid input "replicaSettings.replicas": "3; rm -rf /" is not a whole number of pods.',
    );
    expect(() => checkReplicaSettings([])).toThrow(InputError);
    expect(() => checkReplicaSettings({ autoscaling: 'yes' })).toThrow(
      'Invalid input "replicaSettings.autoscaling": expected true or false.',
    );
  });
});
