/*
 * HorizontalPodAutoscaler state in plain words. Kubernetes reports it as
 * conditions with CamelCase reasons; service owners want to know whether
 * the autoscaler is stuck, and since when.
 */
import {
  describeHpa,
  HpaMetricSummary,
} from '@internal/backstage-plugin-eks-platform-common';

export { describeHpa };
export type {
  HpaFinding,
  HpaSeverity,
} from '@internal/backstage-plugin-eks-platform-common';

const METRIC_LABELS: Record<string, string> = { cpu: 'CPU', memory: 'Memory' };

function formatMetricValue(
  value: number | string | undefined,
  type: HpaMetricSummary['targetType'],
) {
  if (value === undefined) return 'unknown';
  return type === 'Utilization' ? `${value} %` : String(value);
}

/** "CPU: 55 % of 70 % target". */
export function describeMetric(metric: HpaMetricSummary): string {
  const label = METRIC_LABELS[metric.name] ?? metric.name;
  return `${label}: ${formatMetricValue(
    metric.current,
    metric.targetType,
  )} of ${formatMetricValue(metric.target, metric.targetType)} target`;
}

/** True when the metric runs above its target: the autoscaler wants more replicas. */
export function isMetricOverTarget(metric: HpaMetricSummary): boolean {
  const current = Number(metric.current);
  const target = Number(metric.target);
  return (
    Number.isFinite(current) && Number.isFinite(target) && current > target
  );
}
