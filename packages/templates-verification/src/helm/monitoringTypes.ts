/**
 * Prometheus Operator CRDs (monitoring.coreos.com/v1) as strict types, for
 * the fields a chart may set: an unknown or misspelt field fails `tsc`
 * just like it does for the built-in kinds from kubernetes-types.
 * Source: the ServiceMonitor and PrometheusRule CRD schemas of
 * prometheus-operator v0.7x.
 */
import type { ObjectMeta, LabelSelector } from 'kubernetes-types/meta/v1';

export interface ServiceMonitorEndpoint {
  port?: string;
  targetPort?: number | string;
  path?: string;
  scheme?: 'http' | 'https';
  interval?: string;
  scrapeTimeout?: string;
  honorLabels?: boolean;
  params?: Record<string, string[]>;
}

export interface ServiceMonitor {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'ServiceMonitor';
  metadata: ObjectMeta;
  spec: {
    selector: LabelSelector;
    namespaceSelector?: { any?: boolean; matchNames?: string[] };
    endpoints: ServiceMonitorEndpoint[];
    jobLabel?: string;
    targetLabels?: string[];
    podTargetLabels?: string[];
    sampleLimit?: number;
  };
}

export interface PrometheusRuleRule {
  alert?: string;
  record?: string;
  expr: string | number;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface PrometheusRule {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'PrometheusRule';
  metadata: ObjectMeta;
  spec: {
    groups: Array<{
      name: string;
      interval?: string;
      limit?: number;
      partial_response_strategy?: string;
      rules: PrometheusRuleRule[];
    }>;
  };
}
