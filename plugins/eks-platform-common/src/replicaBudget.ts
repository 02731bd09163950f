/**
 * The golden path's replica and disruption-budget rules, in one place: the
 * form's fields (beside each field, before "Next"), `eks:platform:resolve`
 * (before any side effect) and the chart agree because they use this code or
 * are tested against it (templates-verification runs the real Helm chart
 * against every verdict of this function).
 *
 * The chart keeps the form's PodDisruptionBudget minAvailable at the lowest
 * replica count by writing `maxUnavailable = lowest - minAvailable`; a drain
 * must be able to move at least one pod and never all of them.
 */

/** The form values the rules read; any of them may still be missing. */
export interface ReplicaSettings {
  autoscaling?: boolean;
  replicas?: number;
  hpaMinReplicas?: number;
  hpaMaxReplicas?: number;
  pdbMinAvailable?: number;
}

/** The form fields a replica rule can point at. */
export type ReplicaField =
  | 'pdbMinAvailable'
  | 'replicas'
  | 'hpaMinReplicas'
  | 'hpaMaxReplicas';

/** One broken rule: the field to fix and a sentence that says how. */
export interface ReplicaProblem {
  field: ReplicaField;
  message: string;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** The replica count the service runs with at its lowest (HPA minimum, or the fixed count). */
export function lowestReplicas(settings: ReplicaSettings): number | undefined {
  const lowest =
    settings.autoscaling === false
      ? settings.replicas
      : settings.hpaMinReplicas;
  return isCount(lowest) ? lowest : undefined;
}

/** The PodDisruptionBudget's maxUnavailable the chart writes, when the settings are complete. */
export function pdbMaxUnavailable(
  settings: ReplicaSettings,
): number | undefined {
  const lowest = lowestReplicas(settings);
  if (lowest === undefined || !isCount(settings.pdbMinAvailable)) {
    return undefined;
  }
  return lowest - settings.pdbMinAvailable;
}

/** The largest minAvailable a replica count allows: one pod must stay free to move. */
export function maxPdbMinAvailable(replicas: number): number {
  return replicas - 1;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Every broken cross-field rule, each with the field it belongs beside and
 * a sentence naming the numbers that work. Empty when the settings hold (or
 * are too incomplete to judge: the form's own required checks say so).
 */
export function replicaProblems(settings: ReplicaSettings): ReplicaProblem[] {
  const problems: ReplicaProblem[] = [];
  const lowest = lowestReplicas(settings);
  const minAvailable = settings.pdbMinAvailable;
  const lowestField: ReplicaField =
    settings.autoscaling === false ? 'replicas' : 'hpaMinReplicas';
  const lowestName =
    settings.autoscaling === false
      ? 'Replicas'
      : 'The autoscaler minimum replicas';

  if (lowest !== undefined && isCount(minAvailable)) {
    const maxAllowed = maxPdbMinAvailable(lowest);
    if (minAvailable > maxAllowed) {
      problems.push({
        field: 'pdbMinAvailable',
        message: `With ${plural(
          lowest,
          'replica',
        )}, minAvailable can be at most ${maxAllowed}, so a node drain can still move a pod: lower it to ${maxAllowed} or less, or raise the replicas.`,
      });
      problems.push({
        field: lowestField,
        message: `${lowestName} must be at least ${
          minAvailable + 1
        } (PodDisruptionBudget minAvailable ${minAvailable} + 1), so a node drain can still move a pod: raise it, or lower minAvailable.`,
      });
    }
  }
  if (
    settings.autoscaling !== false &&
    isCount(settings.hpaMinReplicas) &&
    isCount(settings.hpaMaxReplicas) &&
    settings.hpaMaxReplicas < settings.hpaMinReplicas
  ) {
    problems.push({
      field: 'hpaMaxReplicas',
      message: `The autoscaler maximum (${settings.hpaMaxReplicas}) is below its minimum (${settings.hpaMinReplicas}): set it to ${settings.hpaMinReplicas} or more.`,
    });
  }
  return problems;
}
