/*
 * HorizontalPodAutoscaler state in plain words. Kubernetes reports it as
 * conditions with CamelCase reasons; service owners want to know whether
 * the autoscaler is stuck, and since when.
 */
import { HpaSummary } from '../status';
import { elapsedSince, formatDuration } from './durations';

export type HpaSeverity = 'ok' | 'warning' | 'error';

export interface HpaFinding {
  severity: HpaSeverity;
  text: string;
}

function condition(hpa: HpaSummary, type: string) {
  return hpa.conditions.find(c => c.type === type);
}

function forHowLong(iso: string | undefined, now: number): string {
  const elapsed = elapsedSince(iso, now);
  return elapsed === undefined ? '' : ` for ${formatDuration(elapsed)}`;
}

/** The autoscaler's state as sentences, worst first. Never empty. */
export function describeHpa(hpa: HpaSummary, now: number): HpaFinding[] {
  const findings: HpaFinding[] = [];
  const active = condition(hpa, 'ScalingActive');
  const able = condition(hpa, 'AbleToScale');
  const limited = condition(hpa, 'ScalingLimited');

  if (active?.status === 'False') {
    findings.push({
      severity: 'error',
      text: `Not scaling: cannot read its metrics${
        active.reason ? ` (${active.reason})` : ''
      }${forHowLong(active.lastTransitionTime, now)}`,
    });
  }
  if (able?.status === 'False') {
    findings.push({
      severity: 'error',
      text: `Unable to scale${
        able.reason ? ` (${able.reason})` : ''
      }${forHowLong(able.lastTransitionTime, now)}`,
    });
  }
  if (hpa.pinnedAtMax) {
    findings.push({
      severity: 'warning',
      text: `Pinned at max replicas (${hpa.maxReplicas})${forHowLong(
        hpa.pinnedAtMaxSince ?? limited?.lastTransitionTime,
        now,
      )}`,
    });
  } else if (
    limited?.status === 'True' &&
    hpa.desiredReplicas <= hpa.minReplicas
  ) {
    findings.push({
      severity: 'ok',
      text: `Held at min replicas (${hpa.minReplicas})${forHowLong(
        limited.lastTransitionTime,
        now,
      )}`,
    });
  }
  if (hpa.desiredReplicas !== hpa.currentReplicas) {
    findings.push({
      severity: 'ok',
      text: `Scaling ${
        hpa.desiredReplicas > hpa.currentReplicas ? 'up' : 'down'
      } from ${hpa.currentReplicas} to ${hpa.desiredReplicas} replicas`,
    });
  }
  if (findings.length === 0) {
    findings.push({
      severity: 'ok',
      text: 'Scaling normally within its range',
    });
  }
  const rank: Record<HpaSeverity, number> = { error: 0, warning: 1, ok: 2 };
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
