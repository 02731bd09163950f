import { HTTP_BUCKETS_SECONDS, RouteCounters } from './counters';

export interface DeploymentGauge {
  cluster: string;
  namespace: string;
  service: string;
  ready: number;
  desired: number;
}

/** Label value escaping of the Prometheus text format. */
function escapeLabel(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;
}

const count = (value: number) => String(Math.floor(value));
const float = (value: number) => String(Math.round(value * 1000) / 1000);
const formatLe = (le: number) => String(le);

/** Renders the metrics in the Prometheus text exposition format 0.0.4. */
export function renderExposition(
  routes: RouteCounters[],
  deployments: DeploymentGauge[],
): string {
  const out: string[] = [];

  out.push('# HELP http_requests_total Total number of HTTP requests handled.');
  out.push('# TYPE http_requests_total counter');
  for (const r of routes) {
    for (const [code, value] of [...r.byCode].sort()) {
      out.push(
        `http_requests_total${labels({
          service: r.service.name,
          route: r.route,
          method: r.method,
          code,
        })} ${count(value)}`,
      );
    }
  }

  out.push(
    '# HELP http_request_duration_seconds Duration of HTTP requests in seconds.',
  );
  out.push('# TYPE http_request_duration_seconds histogram');
  for (const r of routes) {
    const base = { service: r.service.name, route: r.route, method: r.method };
    HTTP_BUCKETS_SECONDS.forEach((le, i) => {
      out.push(
        `http_request_duration_seconds_bucket${labels({
          ...base,
          le: formatLe(le),
        })} ${count(r.httpBuckets[i])}`,
      );
    });
    out.push(
      `http_request_duration_seconds_bucket${labels({
        ...base,
        le: '+Inf',
      })} ${count(r.total)}`,
    );
    out.push(
      `http_request_duration_seconds_sum${labels(base)} ${float(
        r.latencySumMs / 1000,
      )}`,
    );
    out.push(
      `http_request_duration_seconds_count${labels(base)} ${count(r.total)}`,
    );
  }

  // kube-state-metrics names, so availability alerts work as on a real cluster.
  out.push(
    '# HELP kube_deployment_status_replicas_ready The number of ready replicas per deployment.',
  );
  out.push('# TYPE kube_deployment_status_replicas_ready gauge');
  for (const d of deployments) {
    out.push(
      `kube_deployment_status_replicas_ready${labels({
        cluster: d.cluster,
        namespace: d.namespace,
        deployment: d.service,
      })} ${d.ready}`,
    );
  }
  out.push(
    '# HELP kube_deployment_spec_replicas Number of desired pods for a deployment.',
  );
  out.push('# TYPE kube_deployment_spec_replicas gauge');
  for (const d of deployments) {
    out.push(
      `kube_deployment_spec_replicas${labels({
        cluster: d.cluster,
        namespace: d.namespace,
        deployment: d.service,
      })} ${d.desired}`,
    );
  }
  return `${out.join('\n')}\n`;
}
