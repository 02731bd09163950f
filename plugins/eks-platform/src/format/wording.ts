/*
 * Replica counts, spread and rollout states in plain sentences, instead of
 * "5 / 4" (which reads like an error) or "Holds" (jargon).
 */
import {
  DeploymentSummary,
  PlacementSummary,
} from '@internal/backstage-plugin-eks-platform-common';

/** "4 of 5 ready". */
export function readyOf(ready: number, desired: number): string {
  return `${ready} of ${desired} ready`;
}

/** A disruption budget's pods: "4 healthy, 3 needed". */
export function budgetPods(current: number, needed: number): string {
  return `${current} healthy, ${needed} needed`;
}

/** "Pods are spread across zones and nodes" or what is wrong with the spread. */
export function spreadSentence(placement: PlacementSummary): string {
  return placement.spreadHolds
    ? 'Pods are spread across zones and nodes'
    : 'Pods are not spread well enough to survive losing a node or zone';
}

/**
 * A rollout's state as a reader should take it: a rollout that missed its
 * progress deadline is stuck, not "Progressing".
 */
export function rolloutWords(d: DeploymentSummary): {
  level: 'healthy' | 'warning' | 'critical';
  label: string;
} {
  const ready = readyOf(d.replicas.ready, d.replicas.desired);
  switch (d.rollout.state) {
    case 'complete':
      return { level: 'healthy', label: 'Rolled out' };
    case 'stalled':
      return {
        level: 'critical',
        label: `Stuck at ${ready}${
          d.rollout.message ? `: ${d.rollout.message}` : ''
        }`,
      };
    default:
      return { level: 'warning', label: `Rolling out (${ready})` };
  }
}
