import { HpaCondition } from './types';

/*
 * The HPA controller's status conditions, with the reasons and messages the
 * real controller (pkg/controller/podautoscaler) writes.
 */

export type ConditionUpdate = Omit<HpaCondition, 'lastTransitionTime'>;

export function ableToScale(
  desired: number,
  rescaled: boolean,
  stabilising: boolean,
): ConditionUpdate {
  if (rescaled) {
    return {
      type: 'AbleToScale',
      status: 'True',
      reason: 'SucceededRescale',
      message: `the HPA controller was able to update the target scale to ${desired}`,
    };
  }
  if (stabilising) {
    return {
      type: 'AbleToScale',
      status: 'True',
      reason: 'ScaleDownStabilized',
      message:
        'recent recommendations were higher than current one, applying the highest recent recommendation',
    };
  }
  return {
    type: 'AbleToScale',
    status: 'True',
    reason: 'ReadyForNewScale',
    message: 'recommended size matches current size',
  };
}

/** The controller's ScalingLimited condition for an unclamped recommendation. */
export function scalingLimited(
  raw: number,
  min: number,
  max: number,
): ConditionUpdate {
  if (raw > max) {
    return {
      type: 'ScalingLimited',
      status: 'True',
      reason: 'TooManyReplicas',
      message:
        'the desired replica count is more than the maximum replica count',
    };
  }
  if (raw < min) {
    return {
      type: 'ScalingLimited',
      status: 'True',
      reason: 'TooFewReplicas',
      message:
        'the desired replica count is less than the minimum replica count',
    };
  }
  return {
    type: 'ScalingLimited',
    status: 'False',
    reason: 'DesiredWithinRange',
    message: 'the desired count is within the acceptable range',
  };
}

export function initialConditions(at: number): HpaCondition[] {
  return [
    {
      type: 'AbleToScale',
      status: 'True',
      reason: 'ReadyForNewScale',
      message: 'recommended size matches current size',
      lastTransitionTime: at,
    },
    {
      type: 'ScalingActive',
      status: 'True',
      reason: 'ValidMetricFound',
      message:
        'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
      lastTransitionTime: at,
    },
    {
      type: 'ScalingLimited',
      status: 'False',
      reason: 'DesiredWithinRange',
      message: 'the desired count is within the acceptable range',
      lastTransitionTime: at,
    },
  ];
}

/** Kubernetes keeps lastTransitionTime unless the status flips. */
export function setCondition(
  conditions: HpaCondition[],
  now: number,
  next: Omit<HpaCondition, 'lastTransitionTime'>,
): void {
  const existing = conditions.find(c => c.type === next.type);
  if (!existing) {
    conditions.push({ ...next, lastTransitionTime: now });
    return;
  }
  if (existing.status !== next.status) existing.lastTransitionTime = now;
  existing.status = next.status;
  existing.reason = next.reason;
  existing.message = next.message;
}
