import { InputError } from '@backstage/errors';
import {
  ReplicaSettings,
  replicaProblems,
} from '@internal/backstage-plugin-eks-platform-common';

const FIELDS = [
  'pdbMinAvailable',
  'replicas',
  'hpaMinReplicas',
  'hpaMaxReplicas',
] as const;

/**
 * The form's replica and disruption-budget rules, checked again before any
 * side effect (the form is no security boundary): the same function the
 * form's fields use (`replicaProblems`), so the backend and the form cannot
 * disagree about a number. Each broken rule is named by its field.
 */
export function checkReplicaSettings(value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      'Invalid input "replicaSettings": expected an object with autoscaling, replicas, hpaMinReplicas, hpaMaxReplicas and pdbMinAvailable.',
    );
  }
  const raw = value as Record<string, unknown>;
  const settings: ReplicaSettings = {};
  for (const field of FIELDS) {
    const n = raw[field];
    // The template passes 0 for the numbers of the branch the form hid
    // (autoscaler numbers with fixed replicas, and the reverse).
    if (n === undefined || n === null || n === '' || n === 0) continue;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1000) {
      throw new InputError(
        `Invalid input "replicaSettings.${field}": ${JSON.stringify(
          String(n).slice(0, 40),
        )} is not a whole number of pods.`,
      );
    }
    settings[field] = n;
  }
  if (raw.autoscaling !== undefined && typeof raw.autoscaling !== 'boolean') {
    throw new InputError(
      'Invalid input "replicaSettings.autoscaling": expected true or false.',
    );
  }
  settings.autoscaling = raw.autoscaling as boolean | undefined;
  const problems = replicaProblems(settings);
  if (problems.length > 0) {
    throw new InputError(
      problems.map(p => `${p.field}: ${p.message}`).join(' '),
    );
  }
}
