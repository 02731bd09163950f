import {
  type Resource,
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';

/**
 * What the chart says about this process through OTEL_RESOURCE_ATTRIBUTES
 * (deployment.environment, service.namespace, k8s.cluster.name,
 * service.version) and OTEL_SERVICE_NAME, read by the SDK's own environment
 * detector so the spec's parsing rules apply.
 */
export function environmentResource(): Resource {
  return detectResources({ detectors: [envDetector] });
}

/**
 * The resource of every span: the SDK defaults (telemetry.sdk.*), the service
 * name from our config, then the environment, which wins. A tracer provider
 * given no resource uses only the defaults, and the environment would be lost.
 */
export function serviceResource(serviceName: string): Resource {
  return defaultResource()
    .merge(resourceFromAttributes({ 'service.name': serviceName }))
    .merge(environmentResource());
}

/**
 * Resource attributes worth splitting every series by: one value per pod for
 * its whole life, so they add no series of their own.
 */
const SERIES_ATTRIBUTES = [
  'deployment.environment',
  'service.namespace',
  'k8s.cluster.name',
  'service.version',
];

export interface ResourceMetricLabels {
  /** Added to every series (the four attributes above, when set). */
  series: Record<string, string>;
  /** Every attribute, on the `target_info` series (OpenTelemetry's Prometheus convention). */
  target: Record<string, string>;
}

/**
 * The environment's attributes as Prometheus labels, named the way the
 * OpenTelemetry Prometheus compatibility spec names them
 * (deployment.environment → deployment_environment). service.name is left
 * out: every series already carries it as `service`.
 */
export function resourceMetricLabels(resource: Resource): ResourceMetricLabels {
  const labels: ResourceMetricLabels = { series: {}, target: {} };
  for (const [key, value] of Object.entries(resource.attributes)) {
    if (key === 'service.name' || value === undefined) {
      continue;
    }
    const name = key.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^(?=[0-9])/, '_');
    labels.target[name] = String(value);
    if (SERIES_ATTRIBUTES.includes(key)) {
      labels.series[name] = String(value);
    }
  }
  return labels;
}
